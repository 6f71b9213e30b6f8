package lifeboat.plugin.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Excludes;
import lifeboat.spi.Settings;
import lifeboat.spi.TreeEntry;
import lifeboat.spi.TreeSource;
import lifeboat.testkit.TreeSourceContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTreeSourceTest extends TreeSourceContractTest {
    @TempDir
    Path dir;

    @Override
    protected Path share() throws IOException {
        return Files.createDirectories(dir.resolve("share"));
    }

    @Override
    protected TreeSource newSource(List<String> excludes) throws IOException {
        return new LocalTreeSource("staff-share", share(), new Excludes(excludes));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void hardLinks_shareTheirInodeAndCountLinks() throws Exception {
        Path first = write("a.txt", "same inode");
        Files.createLink(share().resolve("b.txt"), first);

        Walk w = walk(source());

        TreeEntry a = w.entry("a.txt");
        assertThat(a.inode()).isNotNull().isEqualTo(w.entry("b.txt").inode());
        assertThat(a.links()).isEqualTo(2);
        assertThat(w.entry("b.txt").size()).isEqualTo(a.size());
    }

    @Test
    void socket_isSkippedWithAReasonNotFailed() throws Exception {
        write("before.txt", "x");
        try (var socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(share().resolve("printer.sock")));

            Walk w = walk(source());

            assertThat(w.skipped).containsExactly("printer.sock");
            assertThat(w.failed).isEmpty();
            assertThat(w.paths()).containsExactly("before.txt");
        }
    }

    @Test
    void fifo_isSkipped() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", share().resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        Walk w = walk(source());

        assertThat(w.skipped).containsExactly("pipe");
        assertThat(w.entries).isEmpty();
    }

    @Test
    void unreadableDirectory_isReportedAndTheWalkGoesOn() throws Exception {
        assumeFalse(root(), "root reads any directory");
        write("locked/secret.txt", "s");
        write("open/readme.txt", "r");
        Path locked = share().resolve("locked");
        Files.setAttribute(locked, "unix:mode", 0);
        try {
            Walk w = walk(source());

            assertThat(w.failed).singleElement().asString().startsWith("locked: ");
            assertThat(w.paths()).containsExactly("locked", "open", "open/readme.txt");
        } finally {
            Files.setAttribute(locked, "unix:mode", 0755);
        }
    }

    @Test
    void unreadableFile_failsWhenOpenedNamingIt() throws Exception {
        assumeFalse(root(), "root reads any file");
        Path file = write("private.txt", "p");
        Files.setAttribute(file, "unix:mode", 0);
        TreeSource s = source();
        TreeEntry entry = walk(s).entry("private.txt");

        assertThatThrownBy(() -> s.open(entry).close()).hasMessageContaining("private.txt");
    }

    /** A file swapped for a symlink between walk and read must not pull another file into the backup. */
    @Test
    void open_doesNotFollowASymlinkSwappedInAfterTheWalk() throws Exception {
        Path file = write("grades.csv", "a;1");
        Path elsewhere = Files.writeString(dir.resolve("shadow"), "not part of the share");
        TreeSource s = source();
        TreeEntry entry = walk(s).entry("grades.csv");
        Files.delete(file);
        Files.createSymbolicLink(file, elsewhere);

        assertThatThrownBy(() -> s.open(entry).close()).isInstanceOf(IOException.class);
    }

    @Test
    void symlinkToADirectory_isAnEntryNotEntered() throws Exception {
        write("real/inside.txt", "i");
        Files.createSymbolicLink(share().resolve("alias"), Path.of("real"));

        Walk w = walk(source());

        assertThat(w.paths()).containsExactly("alias", "real", "real/inside.txt");
    }

    @Test
    void pathsOutsideTheShare_areRefused() throws Exception {
        TreeSource s = source();
        assertThatThrownBy(() -> s.stat("../outside")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ownerNames_areKnownForExistingAccounts() throws Exception {
        write("mine.txt", "m");
        TreeEntry e = walk(source()).entry("mine.txt");
        assertThat(e.user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void factory_refusesAMissingRootNamingTheSource() {
        var settings = new Settings("staff-share", "files", Map.of("path", dir.resolve("nowhere")));
        assertThatThrownBy(() -> new FilesSourceFactory().create(settings, () -> dir))
                .isInstanceOf(IOException.class).hasMessageContaining("staff-share").hasMessageContaining("nowhere");
    }

    @Test
    void factory_appliesTheExcludeList() throws Exception {
        write("keep.txt", "k");
        write("drop.tmp", "d");
        var settings = new Settings("staff-share", "files",
                Map.of("path", share(), "exclude", List.of("*.tmp")));
        try (var s = (TreeSource) new FilesSourceFactory().create(settings, () -> dir)) {
            assertThat(walk(s).paths()).containsExactly("keep.txt");
        }
    }
}
