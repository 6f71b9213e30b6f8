package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A storage target that fills up: the backup fails naming the target, and nothing claims to be whole. */
class FullDiskIT {
    @TempDir
    Path dir;
    Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void fullDisk_failsTheBackupCleanly_andTheNextRunSucceedsOnceThereIsRoom() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", repo.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "needs root to mount a 1 MiB tmpfs as a full disk: " + out);
        mount = repo;
        Path config = Cli.install(dir, "");
        Path share = dir.resolve("share");
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(noise);
        Files.write(share.resolve("video.mp4"), noise);

        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isEqualTo(1);
        assertThat(b.json().get("status").asText()).isEqualTo("failed");
        assertThat(b.json().get("error").asText()).contains("storage target 'local'").contains("No space left on device");
        try (Stream<Path> files = Files.walk(repo)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith("backup.json") || f.contains(".lifeboat-tmp-"));
        }
        assertThat(Cli.on(config, "list", "--json").json().get(0).get("status").asText()).isEqualTo("failed");

        Files.delete(share.resolve("video.mp4"));
        Files.writeString(share.resolve("noten.csv"), "anna;2\n");
        Cli.Result again = Cli.on(config, "backup", "share", "--json");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.json().get("status").asText()).isEqualTo("complete");
    }
}
