package lifeboat.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.ScheduleLoader;
import lifeboat.core.model.RunStatus;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.testing.CapturePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in this JVM (one at a time: Quartz keeps schedulers by name) with second-resolution cron schedules. */
class DaemonTest {
    @TempDir
    Path dir;

    Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
    }

    private LifeboatConfig install(String source, String schedule) throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Files.writeString(dir.resolve("share/a.txt"), "a");
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/test.yaml"), "timezone: UTC\njobs:\n" + schedule);
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                """ + source.indent(4) + """
                    storage: [local]
                scheduler:
                  maxConcurrentJobs: 3
                  retries: 2
                  retryBackoff: 200ms
                  shutdownGrace: 30s
                """);
        return new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get).load(file);
    }

    private Daemon start(LifeboatConfig config) throws Exception {
        daemon = Daemon.start(config, PluginRegistry.load(), ScheduleLoader.load(config));
        return daemon;
    }

    private static List<JobRunRecord> runs(LifeboatConfig config) throws Exception {
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            return lb.inventory().runs(null);
        }
    }

    @Test
    void transientFailure_isRetried_andRecordedPerAttempt() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fail-once"), "");
        LifeboatConfig config = install("type: flaky-files\npath: ./share\nfailMarker: ./fail-once\n", """
                  - name: nightly
                    action: backup
                    level: full
                    cron: "*/2 * * * * ?"
                """);
        start(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(config).stream().anyMatch(r -> r.status().label().equals("complete")));
        daemon.stop();
        daemon = null;
        List<JobRunRecord> runs = runs(config);
        assertThat(runs.get(0).status().label()).isEqualTo("retrying");
        assertThat(runs.get(0).error()).contains("transient failure, retry 1 of 2").contains("connection timed out");
        assertThat(runs.get(1).status().label()).isEqualTo("complete");
        assertThat(runs.get(1).attempt()).isEqualTo(2);
        assertThat(runs.get(1).scheduledAt()).isEqualTo(runs.get(0).scheduledAt());
        assertThat(runs.get(1).backupId()).isNotNull();
    }

    /** Between attempts the source is free: a backup by hand (or a restore) may run while the job waits to retry. */
    @Test
    void aRetryWaitingForItsBackoff_holdsNoLockOnTheSource() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fail-once"), "");
        LifeboatConfig config = install("type: flaky-files\npath: ./share\nfailMarker: ./fail-once\n", """
                  - name: nightly
                    action: backup
                    level: full
                    cron: "*/2 * * * * ?"
                """);
        Files.writeString(config.file(), Files.readString(config.file()).replace("retryBackoff: 200ms",
                "retryBackoff: 4s"));
        LifeboatConfig slow = new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get)
                .load(config.file());
        start(slow);
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(slow).stream()
                .anyMatch(r -> r.status() == RunStatus.RETRYING));
        SourceLocks byHand = new SourceLocks(slow.dataDir(), null);
        await().atMost(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
            try (SourceLocks.Held h = byHand.tryAcquire("share", "backup")) {
                return !h.nested();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(slow).stream()
                .anyMatch(r -> r.status() == RunStatus.COMPLETE && r.attempt() == 2));
    }

    @Test
    void permanentFailure_isNotRetried_andRaisesAnEvent() throws Exception {
        LifeboatConfig config = install("type: flaky-files\npath: ./share\nauthFails: true\n", """
                  - name: nightly
                    action: backup
                    cron: "*/2 * * * * ?"
                """);
        start(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runs(config).isEmpty()
                && !runs(config).get(0).status().label().equals("running"));
        daemon.stop();
        daemon = null;
        JobRunRecord first = runs(config).get(0);
        assertThat(first.status().label()).isEqualTo("failed");
        assertThat(first.attempt()).isEqualTo(1);
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            assertThat(lb.inventory().events(null)).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("backup-failed");
                assertThat(e.message()).contains("permanent: not retried").contains("authentication failed");
            });
        }
    }

    @Test
    void twoJobsOnOneSource_neverOverlap_andTheWaiterSaysSo() throws Exception {
        LifeboatConfig config = install("type: files\npath: ./share\n", """
                  - name: backup-a
                    action: backup
                    level: full
                    verify: true
                    cron: "*/3 * * * * ?"
                  - name: backup-b
                    action: backup
                    level: full
                    verify: true
                    cron: "*/3 * * * * ?"
                """);
        byte[] big = new byte[16 << 20];
        new java.util.Random(1).nextBytes(big); // slow enough to compress and verify that the two jobs meet
        Files.write(dir.resolve("share/big.bin"), big);
        start(config);
        await().atMost(Duration.ofSeconds(40)).until(() -> runs(config).stream()
                .filter(r -> r.finishedAt() != null && r.status() != RunStatus.SKIPPED).count() >= 6);
        daemon.stop();
        daemon = null;
        // a fire that found its previous run still going is recorded as skipped: it did no work, so it overlaps nothing
        List<JobRunRecord> done = runs(config).stream().filter(r -> r.finishedAt() != null
                && r.status() != RunStatus.SKIPPED).toList();
        for (JobRunRecord a : done) {
            for (JobRunRecord b : done) {
                if (a.id() < b.id()) {
                    boolean overlap = a.startedAt().isBefore(b.finishedAt()) && b.startedAt().isBefore(a.finishedAt());
                    assertThat(overlap).as(a + " overlaps " + b).isFalse();
                }
            }
        }
        assertThat(done).anySatisfy(r -> assertThat(r.note()).contains("waited").contains("on source share"));
    }

    @Test
    void perTargetJobs_jobsOnTwoSourcesOfOneTarget_takeTurns_andTheWaiterSaysSo() throws Exception {
        for (String share : List.of("share-a", "share-b")) {
            byte[] big = new byte[12 << 20];
            new java.util.Random(share.hashCode()).nextBytes(big); // slow enough that the two jobs meet
            Files.createDirectories(dir.resolve(share));
            Files.write(dir.resolve(share).resolve("big.bin"), big);
        }
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/test.yaml"), """
                timezone: UTC
                jobs:
                  - name: backup-a
                    action: backup
                    level: full
                    sources: [share-a]
                    cron: "*/3 * * * * ?"
                  - name: backup-b
                    action: backup
                    level: full
                    sources: [share-b]
                    cron: "*/3 * * * * ?"
                """);
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share-a
                    type: files
                    path: ./share-a
                    storage: [local]
                  - name: share-b
                    type: files
                    path: ./share-b
                    storage: [local]
                scheduler:
                  maxConcurrentJobs: 3
                  perTargetJobs: 1
                  shutdownGrace: 30s
                """);
        LifeboatConfig config = new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get).load(file);
        assertThat(config.scheduler().perTargetJobs()).isEqualTo(1);
        start(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> runs(config).stream()
                .filter(r -> r.finishedAt() != null && r.status() != RunStatus.SKIPPED).count() >= 4);
        daemon.stop();
        daemon = null;
        // a fire that found its previous run still going is recorded as skipped: it did no work, so it overlaps nothing
        List<JobRunRecord> done = runs(config).stream().filter(r -> r.finishedAt() != null
                && r.status() != RunStatus.SKIPPED).toList();
        assertThat(done).allSatisfy(r -> assertThat(r.status().label()).isEqualTo("complete"));
        for (JobRunRecord a : done) {
            for (JobRunRecord b : done) {
                if (a.id() < b.id()) {
                    boolean overlap = a.startedAt().isBefore(b.finishedAt()) && b.startedAt().isBefore(a.finishedAt());
                    assertThat(overlap).as(a + " overlaps " + b).isFalse();
                }
            }
        }
        assertThat(done).anySatisfy(r -> assertThat(r.note()).contains("waited").contains("free slot on target local")
                .contains("scheduler.perTargetJobs: 1"));
    }

    private LifeboatConfig installYaml(String yaml, String schedule) throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Files.writeString(dir.resolve("share/a.txt"), "a");
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/test.yaml"), "timezone: UTC\njobs:\n" + schedule);
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), yaml);
        return new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get).load(file);
    }

    @Test
    void aRetryingSource_delaysNoOtherSource_andItsSkippedFiresAreRecordedAndMissed() throws Exception {
        CapturePlugin.SENT.clear();
        LifeboatConfig config = installYaml("""
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: flaky
                    type: flaky-files
                    path: ./share
                    timesOut: true
                    storage: [local]
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                scheduler:
                  maxConcurrentJobs: 3
                  retries: 3
                  retryBackoff: 1s
                  shutdownGrace: 30s
                notifications:
                  channels:
                    - name: it
                      type: capture
                  rules:
                    - events: [job-missed]
                      channels: [it]
                """, """
                  - name: nightly
                    action: backup
                    level: full
                    cron: "*/2 * * * * ?"
                """);
        start(config);
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            List<JobRunRecord> runs = runs(config);
            return runs.stream().anyMatch(r -> r.source().equals("flaky") && r.status() == RunStatus.SKIPPED)
                    && runs.stream().anyMatch(r -> r.source().equals("flaky") && r.attempt() == 2)
                    && runs.stream().filter(r -> r.source().equals("share") && r.status() == RunStatus.COMPLETE)
                            .count() >= 2
                    && CapturePlugin.SENT.stream().anyMatch(n -> n.type().equals("job-missed"));
        });
        daemon.stop();
        daemon = null;
        List<JobRunRecord> runs = runs(config);
        JobRunRecord firstFlaky = runs.stream().filter(r -> r.source().equals("flaky")).findFirst().orElseThrow();
        // the share's run of the same fire did not wait for the flaky source's retries, nor even its first attempt
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.source()).isEqualTo("share");
            assertThat(r.scheduledAt()).isEqualTo(firstFlaky.scheduledAt());
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(r.startedAt()).isBefore(firstFlaky.finishedAt());
        });
        assertThat(runs).anySatisfy(r -> assertThat(r.source().equals("flaky") && r.attempt() == 2
                && r.scheduledAt().equals(firstFlaky.scheduledAt())).isTrue());
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.source()).isEqualTo("flaky");
            assertThat(r.status()).isEqualTo(RunStatus.SKIPPED);
            assertThat(r.note()).contains("skipped").contains("waits to retry").contains(firstFlaky.scheduledAt()
                    .toString());
        });
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            assertThat(lb.inventory().events(null)).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("job-missed");
                assertThat(e.message()).contains("skipped its fire").contains("flaky");
            });
        }
        // the daemon was running: the advice is about the run that was still going, not about starting the daemon
        assertThat(CapturePlugin.SENT).filteredOn(n -> n.type().equals("job-missed")).allSatisfy(n -> {
            assertThat(n.advice()).contains("previous run was still going on").doesNotContain("runs all the time");
        });
    }

    @Test
    void aShareThatDoesNotExist_failsAtOnce_withoutRetries() throws Exception {
        LifeboatConfig config = install("type: files\npath: ./not-mounted\n", """
                  - name: nightly
                    action: backup
                    cron: "*/2 * * * * ?"
                """);
        start(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> !runs(config).isEmpty()
                && runs(config).get(0).status() != RunStatus.RUNNING);
        daemon.stop();
        daemon = null;
        JobRunRecord first = runs(config).get(0);
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.attempt()).isEqualTo(1);
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            assertThat(lb.inventory().events(null)).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("backup-failed");
                assertThat(e.message()).contains("permanent: not retried").contains("does not exist");
            });
        }
    }
}
