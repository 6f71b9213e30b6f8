package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup process killed with SIGKILL leaves nothing that looks complete, and the next run cleans up after it. */
class KillNineIT {
    private static final int FILES = 3;
    private static final int MIB_PER_FILE = 64;

    @TempDir
    Path dir;

    Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Path jar() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("run 'mvn package' first: no shaded CLI jar in target/"))
                    .toAbsolutePath();
        }
    }

    /** The CLI in a JVM of its own, as a user or cron would run it, with its output in {@code dir/name.out|err}. */
    static Process start(Path dir, String name, List<String> jvmOptions, Path config, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private static List<Path> matching(Path root, String part) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().contains(part)).toList();
        }
    }

    @Test
    void killedBackup_neverLooksComplete_andTheNextBackupCleansUp() throws Exception {
        Path config = Cli.install(dir, "");
        Path share = dir.resolve("share");
        byte[] buf = new byte[1 << 20];
        Random random = new Random(42);
        for (int f = 0; f < FILES; f++) {
            try (OutputStream out = Files.newOutputStream(Files.createDirectories(share.resolve("video")).resolve(
                    "unterricht-" + f + ".mp4"))) {
                for (int i = 0; i < MIB_PER_FILE; i++) {
                    random.nextBytes(buf);
                    out.write(buf);
                }
            }
        }
        Path repo = dir.resolve("repo");

        // a slow compression level keeps the child inside its backup long enough to be killed there
        process = start(dir, "child", List.of("-Dlifeboat.zstd.level=19", "-Dlifeboat.zstd.workers=1"), config,
                "backup", "share");
        // a temporary object below backups/ is the archive being written (the repository's own marker file, written
        // first, is also written through a temporary name: killing the child then would be before the backup began)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> !process.isAlive() || !matching(repo.resolve("backups"), ".lifeboat-tmp-").isEmpty());
        assertThat(process.isAlive()).as("the child ended before writing: " + Files.readString(dir.resolve("child.err")))
                .isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(matching(repo, "backup.json")).isEmpty();
        Cli.Result list = Cli.on(config, "list", "--json");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.json()).hasSize(1);
        String killedId = list.json().get(0).get("id").asText();
        assertThat(list.json().get(0).get("status").asText()).isIn("running", "failed");
        assertThat(repo.resolve("backups/share/" + killedId)).exists(); // its leftovers are still there

        Cli.Result next = Cli.on(config, "backup", "share", "--json");
        assertThat(next.code()).as(next.toString()).isZero();
        String newId = next.json().get("id").asText();
        assertThat(next.json().get("status").asText()).isEqualTo("complete");
        assertThat(next.json().get("level").asText()).isEqualTo("full");

        JsonNode after = Cli.on(config, "list", "--json").json();
        assertThat(after).hasSize(2);
        assertThat(after).anySatisfy(b -> {
            assertThat(b.get("id").asText()).isEqualTo(killedId);
            assertThat(b.get("status").asText()).isEqualTo("failed");
            assertThat(b.get("error").asText()).contains("interrupted");
        });
        assertThat(matching(repo, ".lifeboat-tmp-")).isEmpty();
        assertThat(repo.resolve("backups/share/" + killedId)).doesNotExist();

        Path out = dir.resolve("out");
        Cli.Result restore = Cli.on(config, "restore", newId, "--to", out.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(share));
    }
}
