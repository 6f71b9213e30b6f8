package lifeboat.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.JobAction;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.ScheduleLoader;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.RunStatus;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's {@code action: prune} runs the same prune as the CLI, under the source's lock. */
class PruneJobTest {
    @TempDir
    Path dir;

    Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Test
    void pruneJob_removesWhatRetentionNoLongerKeeps() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Files.writeString(dir.resolve("share/a.txt"), "a");
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/test.yaml"), """
                timezone: UTC
                jobs:
                  - name: nightly-prune
                    action: prune
                    sources: ["*"]
                    cron: "*/2 * * * * ?"
                """);
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                retention: {keepLast: 1}
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                """);
        LifeboatConfig config = new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get).load(file);
        String older;
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            older = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND).id();
            lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
        }
        daemon = Daemon.start(config, PluginRegistry.load(), ScheduleLoader.load(config));
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(config).stream()
                .anyMatch(r -> r.action() == JobAction.PRUNE && r.status() == RunStatus.COMPLETE));
        daemon.stop();
        daemon = null;
        assertThat(runs(config)).anySatisfy(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(run.source()).isEqualTo("share");
            assertThat(run.note()).contains("1 copies removed, 1 kept");
        });
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            assertThat(lb.inventory().require(older).status()).isEqualTo(BackupStatus.PRUNED);
        }
        assertThat(dir.resolve("repo/backups/share/" + older)).doesNotExist();
    }

    private static List<JobRunRecord> runs(LifeboatConfig config) throws Exception {
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            return lb.inventory().runs(null);
        }
    }
}
