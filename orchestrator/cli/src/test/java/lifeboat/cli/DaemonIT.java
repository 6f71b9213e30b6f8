package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat daemon} as a child process on an H2 catalog, with second-resolution cron schedules. */
class DaemonIT {
    @TempDir
    Path dir;

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Path install(String scheduler, String jobs) throws IOException {
        Path config = Cli.install(dir, "scheduler:\n" + scheduler.indent(2));
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/test.yaml"), "timezone: Europe/London\njobs:\n" + jobs);
        return config;
    }

    private Process daemon(Path config, String name, String... jvm) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvm));
        cmd.addAll(List.of("-jar", KillNineIT.jar().toString(), "--config", config.toString(), "daemon", "--no-web"));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.add(p);
        return p;
    }

    private static JsonNode jobs(Path config) throws IOException {
        Cli.Result r = Cli.on(config, "jobs", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        return r.json();
    }

    @Test
    void cronDrivesRealBackups_otherCommandsWork_aSecondDaemonRefuses_andSigtermExitsZero() throws Exception {
        Path config = install("maxConcurrentJobs: 2\nshutdownGrace: 30s", """
                  - name: every-2s
                    action: backup
                    level: incremental
                    verify: true
                    cron: "*/2 * * * * ?"
                """);
        Cli.share(dir.resolve("share")); // symlinks (one dangling), special modes, empty file and dir
        Process p = daemon(config, "d1");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            JsonNode runs = jobs(config);
            int complete = 0;
            for (JsonNode r : runs) {
                complete += r.get("status").asText().equals("complete") ? 1 : 0;
            }
            return complete >= 2;
        });
        Cli.Result list = Cli.on(config, "list", "--json"); // through H2's auto-server while the daemon holds it
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.json().size()).isGreaterThanOrEqualTo(2);
        JsonNode run = jobs(config).get(0);
        for (String field : List.of("job", "action", "source", "scheduledAt", "startedAt", "finishedAt", "status", "node")) {
            assertThat(run.hasNonNull(field)).as(field + " in " + run).isTrue();
        }
        assertThat(run.get("job").asText()).isEqualTo("every-2s");

        Process second = daemon(config, "d2");
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("d2.err"))).contains("another lifeboat daemon").contains("pid " + p.pid());

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("d1.err"))).isZero();
        assertThat(Files.readString(dir.resolve("d1.err"))).contains("started: catalog").contains("every-2s")
                .contains("stopping: no new jobs").doesNotContain("Database is already closed");
    }

    @Test
    void sigtermMidBackup_exitsZero_andLeavesNothingThatLooksComplete() throws Exception {
        Path config = install("shutdownGrace: 1s", """
                  - name: slow
                    action: backup
                    level: full
                    cron: "*/2 * * * * ?"
                """);
        Path video = Files.createDirectories(dir.resolve("share/video"));
        byte[] buf = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(video.resolve("unterricht.mp4"))) {
            for (int i = 0; i < 192; i++) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
        Process p = daemon(config, "d1", "-Dlifeboat.zstd.level=19", "-Dlifeboat.zstd.workers=1");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                // a backup's own object: the daemon also puts its break-glass sheet onto the target as it starts
                .until(() -> !matching(dir.resolve("repo/backups"), ".lifeboat-tmp-").isEmpty());
        p.destroy(); // SIGTERM while the backup writes
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("d1.err"))).isZero();
        assertThat(Files.readString(dir.resolve("d1.err"))).contains("stopped after the grace period");

        assertThat(matching(dir.resolve("repo"), "backup.json")).isEmpty();
        JsonNode list = Cli.on(config, "list", "--json").json();
        assertThat(list).isNotEmpty().allSatisfy(b -> assertThat(b.get("status").asText()).isIn("running", "failed"));
    }

    @Test
    void aFireMissedWhileDown_runsOnceAtStart_andSaysWhy() throws Exception {
        // one fire time ahead, the daemon down when it passes. Six seconds were too few on a loaded machine: the first
        // daemon then started after the fire time, Quartz refused its trigger ("will never fire"), the daemon never
        // said "started" and the wait for it timed out (the known flake)
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/London")).plusSeconds(25)
                .withNano(0);
        String cron = String.format("%d %d %d %d %d ? %d", at.getSecond(), at.getMinute(), at.getHour(),
                at.getDayOfMonth(), at.getMonthValue(), at.getYear());
        Path config = install("maxConcurrentJobs: 1", """
                  - name: once
                    action: backup
                    cron: "%s"
                """.formatted(cron));
        Cli.write(dir.resolve("share"), "staff/noten.csv", "name;note\nanna;2\n");
        String threshold = "-Dlifeboat.misfireThreshold=1000";
        Process first = daemon(config, "d1", threshold);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("d1.err")).contains("started: catalog"));
        first.destroy();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.time.ZonedDateTime.now()).as("the first daemon must be down before the fire time").isBefore(at);
        await().atMost(Duration.ofSeconds(40)).until(() -> java.time.ZonedDateTime.now().isAfter(at.plusSeconds(2)));
        assertThat(jobs(config)).isEmpty();

        daemon(config, "d2", threshold);
        // ignoreExceptions: H2 refuses a connection for a moment while the daemon starts its auto-server
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> jobs(config).size() == 1
                && jobs(config).get(0).get("status").asText().equals("complete"));
        JsonNode run = jobs(config).get(0);
        assertThat(run.get("scheduledAt").asText()).isEqualTo(at.toInstant().toString());
        assertThat(run.get("lateReason").asText()).contains("misfired").contains("the daemon was not running");
    }

    private static List<Path> matching(Path root, String part) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(x -> x.getFileName().toString().contains(part)).toList();
        }
    }
}
