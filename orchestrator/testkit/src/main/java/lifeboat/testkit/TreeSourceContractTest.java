package lifeboat.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lifeboat.spi.EntryType;
import lifeboat.spi.TreeEntry;
import lifeboat.spi.TreeSource;
import lifeboat.spi.TreeVisitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every tree source runs: extend it, return an empty directory on this machine from {@link #share()}
 * and, from {@link #newSource}, a source that reads that directory (directly, or through a server that serves
 * it). The tests fill the directory before they open the source.
 */
public abstract class TreeSourceContractTest {
    private final List<TreeSource> opened = new ArrayList<>();

    /** An empty directory the source under test will read; the same one for the whole test. */
    protected abstract Path share() throws Exception;

    /** A source reading {@link #share()}, leaving out what the glob patterns match. */
    protected abstract TreeSource newSource(List<String> excludes) throws Exception;

    @AfterEach
    void closeSources() throws IOException {
        for (TreeSource s : opened) {
            s.close();
        }
    }

    protected TreeSource source(String... excludes) throws Exception {
        TreeSource s = newSource(List.of(excludes));
        opened.add(s);
        return s;
    }

    protected Path write(String rel, String content) throws Exception {
        Path p = share().resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, UTF_8);
    }

    /** Walks the source and records what it was told. */
    protected static Walk walk(TreeSource source) throws IOException {
        var walk = new Walk();
        source.walk(walk);
        return walk;
    }

    /** What one walk reported, in order. */
    protected static final class Walk implements TreeVisitor {
        public final List<TreeEntry> entries = new ArrayList<>();
        public final List<String> failed = new ArrayList<>();
        public final List<String> skipped = new ArrayList<>();

        @Override
        public void entry(TreeEntry entry) {
            entries.add(entry);
        }

        @Override
        public void failed(String path, IOException cause) {
            failed.add(path + ": " + cause.getMessage());
        }

        @Override
        public void skipped(String path, String reason) {
            skipped.add(path);
        }

        public List<String> paths() {
            return entries.stream().map(TreeEntry::path).toList();
        }

        public TreeEntry entry(String path) {
            return entries.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow(
                    () -> new AssertionError("no entry " + path + " in " + paths()));
        }
    }

    /** The core merges with the previous manifest in one pass, so the order is part of the contract. */
    @Test
    void walk_visitsEachEntryOnceDepthFirstChildrenSortedByName() throws Exception {
        write("a/c/d", "d");
        write("a/b.txt", "b");
        write("a-b", "x");
        write("B.txt", "B");
        write("a.txt", "a");
        Files.createDirectories(share().resolve("empty"));

        Walk w = walk(source());

        assertThat(w.paths()).containsExactly("B.txt", "a", "a/b.txt", "a/c", "a/c/d", "a-b", "a.txt", "empty");
        assertThat(w.failed).isEmpty();
        assertThat(w.skipped).isEmpty();
    }

    @Test
    void entries_carryTypeSizeModeMtimeAndLinkTarget() throws Exception {
        Path file = write("docs/report.txt", "twelve bytes");
        Files.setAttribute(file, "unix:mode", 0640);
        Instant mtime = Instant.parse("2025-03-01T08:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        Files.createSymbolicLink(share().resolve("latest"), Path.of("docs/report.txt"));

        Walk w = walk(source());

        TreeEntry f = w.entry("docs/report.txt");
        assertThat(f.type()).isEqualTo(EntryType.FILE);
        assertThat(f.size()).isEqualTo(12);
        assertThat(f.mode()).isEqualTo(0640);
        assertThat(f.mtime()).isEqualTo(mtime);
        assertThat(w.entry("docs").type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(w.entry("docs").size()).isZero();
        TreeEntry link = w.entry("latest");
        assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
        assertThat(link.linkTarget()).isEqualTo("docs/report.txt");
        assertThat(link.size()).isZero();
    }

    @Test
    void excludes_leaveOutMatchesAtAnyDepthAndExcludedDirectoriesAreNotEntered() throws Exception {
        write("keep.txt", "k");
        write("cache.tmp", "t");
        write("deep/er/cache.tmp", "t");
        write("deep/er/keep.txt", "k");
        write("scratch/inside.txt", "s");

        Walk w = walk(source("*.tmp", "scratch"));

        assertThat(w.paths()).containsExactly("deep", "deep/er", "deep/er/keep.txt", "keep.txt");
    }

    @Test
    void open_readsTheFileExactly() throws Exception {
        byte[] data = new byte[700_000];
        new Random(3).nextBytes(data);
        Files.createDirectories(share().resolve("photos"));
        Files.write(share().resolve("photos/foto.jpg"), data);
        TreeSource s = source();

        try (InputStream in = s.open(walk(s).entry("photos/foto.jpg"))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void open_ofAFileDeletedAfterTheWalk_failsNamingIt() throws Exception {
        Path file = write("gone.txt", "soon gone");
        TreeSource s = source();
        TreeEntry entry = walk(s).entry("gone.txt");
        Files.delete(file);

        assertThatThrownBy(() -> s.open(entry).close()).isInstanceOf(IOException.class)
                .hasMessageContaining("gone.txt");
    }

    @Test
    void stat_seesChangesAndReturnsNullForAVanishedPath() throws Exception {
        Path file = write("notes.txt", "v1");
        TreeSource s = source();
        assertThat(s.stat("notes.txt").size()).isEqualTo(2);

        Files.writeString(file, "version 2", UTF_8);
        assertThat(s.stat("notes.txt").size()).isEqualTo(9);

        Files.delete(file);
        assertThat(s.stat("notes.txt")).isNull();
    }

    @Test
    void name_andLocation_areSet() throws Exception {
        TreeSource s = source();
        assertThat(s.name()).isNotBlank();
        assertThat(s.location()).isNotBlank();
    }
}
