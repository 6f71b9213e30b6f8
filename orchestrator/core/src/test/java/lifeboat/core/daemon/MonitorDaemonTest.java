package lifeboat.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.MonitorWindowRecord;
import lifeboat.core.catalog.ProbeRunRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.incident.Opening;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.ProbeStatus;
import lifeboat.core.model.TimelineKind;
import lifeboat.core.model.WindowStatus;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon runs monitoring windows from the catalog: stopped and started again in the middle of a window, it goes
 * on with the same window, sees a probe fail and pass again (on the incident's timeline), and ends it.
 */
class MonitorDaemonTest {
    @TempDir
    Path dir;

    Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
    }

    private LifeboatConfig install(Path up) throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                systems:
                  - name: files
                    title: Staff file shares
                    sources: [share]
                    probes:
                      - {type: command, command: [test, -f, "%s"], timeout: 5s}
                policy:
                  monitorFor: 12s
                  probeEvery: 300ms
                """.formatted(up));
        return new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get).load(file);
    }

    private static <T> T with(LifeboatConfig config, Work<T> work) throws Exception {
        try (Lifeboat lb = Lifeboat.open(config, PluginRegistry.load())) {
            return work.run(lb);
        }
    }

    interface Work<T> {
        T run(Lifeboat lb) throws Exception;
    }

    @Test
    void aDaemonStartedInTheMiddleOfAWindow_goesOnWithIt() throws Exception {
        Path up = Files.writeString(dir.resolve("up"), "");
        LifeboatConfig config = install(up);
        daemon = Daemon.start(config, PluginRegistry.load(), List.of());
        long id = with(config, lb -> {
            IncidentRecord i = lb.incidents().open(new Opening("Share down", List.of("files"),
                    IncidentSeverity.MAJOR, null, null, false));
            lb.monitoring().start(i.id(), null);
            return i.id();
        });
        long window = with(config, lb -> lb.monitoring().latestWindow(id).orElseThrow().id());
        await().atMost(Duration.ofSeconds(20)).until(() -> with(config, lb -> lb.monitoring().runs(id).size() >= 3));

        daemon.stop();
        daemon = null;
        int before = with(config, lb -> lb.monitoring().runs(id).size());
        Files.delete(up);
        daemon = Daemon.start(config, PluginRegistry.load(), List.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> with(config, lb -> lb.monitoring().runs(id).stream()
                .anyMatch(r -> r.status() == ProbeStatus.FAILED)));
        Files.writeString(up, "");
        await().atMost(Duration.ofSeconds(30)).until(() -> with(config, lb -> lb.monitoring().latestWindow(id)
                .orElseThrow().status() != WindowStatus.RUNNING));

        with(config, lb -> {
            MonitorWindowRecord w = lb.monitoring().latestWindow(id).orElseThrow();
            assertThat(w.id()).as("the same window went on").isEqualTo(window);
            assertThat(w.status()).isEqualTo(WindowStatus.PASSED);
            List<ProbeRunRecord> runs = lb.monitoring().runs(id);
            assertThat(runs.size()).isGreaterThan(before + 1);
            assertThat(runs).allMatch(r -> r.windowId() == window);
            List<String> timeline = lb.incidents().get(id).timeline().stream()
                    .filter(u -> u.kind() == TimelineKind.PROBE || u.kind() == TimelineKind.MONITORING)
                    .map(IncidentRecord.Update::message).toList();
            assertThat(timeline).anyMatch(m -> m.contains("test -f " + up + " expecting exit 0: failed (exit 1, expected 0)"))
                    .anyMatch(m -> m.contains("passes again"))
                    .last().asString().contains("monitoring window ended: every probe and restore test passes");
            assertThat(lb.monitoring().resolveBlockers(id)).isEmpty();
            return null;
        });
    }
}
