package lifeboat.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.MonitorStore;
import lifeboat.core.catalog.ProbeRunRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.RestoreTestsLoader;
import lifeboat.core.model.ProbeRunKind;
import lifeboat.core.model.ProbeStatus;
import lifeboat.core.model.TimelineKind;
import lifeboat.core.model.WindowStatus;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.plugins.Sources;
import lifeboat.core.trial.RestoreChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring window and restarts against a loopback HTTP service that is up while a marker file exists, with
 * a clock the test moves: rounds when due, a probe failing then passing again on the incident log, the live
 * restore tests at start and end, and what stands in the way of resolving.
 */
class MonitoringTest {
    record Entry(long incident, TimelineKind entry, String message, boolean tellIt) {
    }

    /** The incident side: every incident open with the systems the test gives it, its timeline recorded. */
    final class Incidents implements IncidentLog {
        final Map<Long, List<String>> systems = new ConcurrentHashMap<>();
        final List<Long> monitoring = new CopyOnWriteArrayList<>();

        @Override
        public List<String> openSystems(long incidentId) {
            List<String> s = systems.get(incidentId);
            if (s == null) {
                throw new IllegalArgumentException("no incident " + incidentId);
            }
            return s;
        }

        @Override
        public void enterMonitoring(long incidentId) {
            monitoring.add(incidentId);
        }

        @Override
        public void post(long incident, TimelineKind kind, String message, boolean tellIt) {
            log.add(new Entry(incident, kind, message, tellIt));
        }
    }

    final Incidents incidents = new Incidents();

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T08:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @TempDir
    Path dir;

    HttpServer http;
    Path up;
    Database db;
    Probes probes;
    final List<Entry> log = new CopyOnWriteArrayList<>();
    final MovingClock clock = new MovingClock();
    Monitoring monitoring;
    Restarts restarts;

    @BeforeEach
    void install() throws Exception {
        up = dir.resolve("up");
        Files.writeString(up, "");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/health", this::health);
        http.start();
        Files.createDirectories(dir.resolve("share/staff"));
        Files.createDirectories(dir.resolve("restore-tests"));
        Files.writeString(dir.resolve("restore-tests/share.yaml"), """
                source: share
                checks:
                  - type: files-match-manifest
                  - type: paths-present
                    paths: [staff]
                """);
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
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
                    workaround: Save to the USB sticks in the office.
                    probes:
                      - {type: http, url: "http://127.0.0.1:%d/health", expectText: OK, timeout: 10s}
                    restart: {command: "touch '%s'", timeout: 5s}
                  - name: broken
                    title: Broken system
                    restart: {command: "echo no luck; exit 4", timeout: 5s}
                    probes:
                      - {type: http, url: "http://127.0.0.1:%d/health", expectText: OK, timeout: 10s}
                policy:
                  monitorFor: 1h
                  probeEvery: 5m
                """.formatted(http.getAddress().getPort(), up, http.getAddress().getPort()));
        PluginRegistry plugins = PluginRegistry.load();
        LifeboatConfig c = new ConfigLoader(plugins, Map.<String, String>of()::get).load(config);
        Sources sources = new Sources(c, plugins, c::dataDir);
        // live restore tests compare with no backup: no storage targets, no backup records
        RestoreChecks checks = new RestoreChecks(sources, null, null, RestoreTestsLoader.load(c));
        db = Database.open("jdbc:h2:mem:i14b_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        probes = new Probes(sources);
        IncidentLog recording = incidents;
        MonitorStore store = new MonitorStore(db);
        monitoring = new Monitoring(c.crashPolicy(), sources, store, probes, checks, recording, clock);
        restarts = new Restarts(c.crashPolicy(), store, probes, Restarts.localShell(), spec -> {
            throw new IOException("no SSH here");
        }, recording, clock);
    }

    private void health(HttpExchange ex) throws IOException {
        boolean ok = Files.exists(up);
        byte[] body = (ok ? "OK" : "down").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(ok ? 200 : 503, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @AfterEach
    void close() throws Exception {
        probes.close();
        db.close();
        http.stop(0);
    }

    @Test
    void window_probesWhenDue_tellsItOfAFailureAndTheRecovery_andEndsPassing() throws Exception {
        incidents.systems.put(7L, List.of("files"));
        MonitorRound first = monitoring.start(7, null);
        assertThat(incidents.monitoring).containsExactly(7L);

        assertThat(first.results()).extracting(MonitorRound.Result::probe).containsExactly(
                "http http://127.0.0.1:" + http.getAddress().getPort() + "/health expecting 200 and \"OK\"",
                "restore-test share/paths-present"); // files-match-manifest compares with a backup: not on a live share
        assertThat(first.allPassed()).isTrue();
        assertThat(monitoring.resolveBlockers(7)).containsExactly(
                "the monitoring window runs until 2026-03-02T09:00:00Z");
        assertThat(monitoring.runDue()).as("nothing due before probeEvery").isEmpty();

        Files.delete(up);
        clock.advance(Duration.ofMinutes(5));
        List<MonitorRound> failing = monitoring.runDue();
        assertThat(failing).hasSize(1);
        assertThat(failing.get(0).allPassed()).isFalse();
        Entry told = log.stream().filter(Entry::tellIt).findFirst().orElseThrow();
        assertThat(told.entry()).isEqualTo(TimelineKind.PROBE);
        assertThat(told.message()).startsWith("Staff file shares (files): http http://127.0.0.1:")
                .contains("failed (HTTP 503, expected 200)");
        assertThat(monitoring.resolveBlockers(7)).hasSize(2).last().asString()
                .contains("failed since 2026-03-02T08:05:00Z");

        Files.writeString(up, "");
        clock.advance(Duration.ofMinutes(5));
        monitoring.runDue();
        assertThat(log).filteredOn(Entry::tellIt).last().extracting(Entry::message).asString()
                .contains("passes again").contains("failing since 2026-03-02T08:05:00Z");

        clock.advance(Duration.ofHours(1));
        MonitorRound last = monitoring.runDue().get(0);
        assertThat(last.ended()).isTrue();
        assertThat(last.results()).hasSize(2);
        assertThat(monitoring.latestWindow(7).orElseThrow().status()).isEqualTo(WindowStatus.PASSED);
        assertThat(monitoring.resolveBlockers(7)).isEmpty();
        assertThat(log).extracting(Entry::message).last().asString()
                .isEqualTo("monitoring window ended: every probe and restore test passes; the incident may be resolved");
        List<ProbeRunRecord> runs = monitoring.runs(7);
        assertThat(runs).extracting(ProbeRunRecord::kind).containsOnly(ProbeRunKind.PROBE, ProbeRunKind.RESTORE_TEST);
        assertThat(runs).extracting(ProbeRunRecord::status).containsExactly(ProbeStatus.PASSED, ProbeStatus.PASSED,
                ProbeStatus.FAILED, ProbeStatus.PASSED, ProbeStatus.PASSED, ProbeStatus.PASSED);
    }

    @Test
    void window_endingWithAFailure_endsFailed_andStillBlocksResolving() throws Exception {
        incidents.systems.put(8L, List.of("files"));
        monitoring.start(8, Duration.ofMinutes(10));
        Files.delete(up);
        clock.advance(Duration.ofMinutes(10));

        MonitorRound last = monitoring.runDue().get(0);

        assertThat(last.ended()).isTrue();
        assertThat(monitoring.latestWindow(8).orElseThrow().status()).isEqualTo(WindowStatus.FAILED);
        assertThat(monitoring.resolveBlockers(8)).singleElement().asString()
                .startsWith("files: http http://127.0.0.1:").contains("failed since 2026-03-02T08:10:00Z");
        assertThat(log).filteredOn(e -> e.entry() == TimelineKind.MONITORING).last()
                .extracting(Entry::message).asString().startsWith("monitoring window ended with failures: files: http");
    }

    @Test
    void aNewWindow_replacesTheRunningOne_andUnknownSystemsAreRefused() throws Exception {
        incidents.systems.put(9L, List.of("files"));
        long first = monitoring.start(9, null).windowId();
        long second = monitoring.start(9, Duration.ofMinutes(30)).windowId();

        assertThat(monitoring.latestWindow(9).orElseThrow().id()).isEqualTo(second);
        assertThat(log).extracting(Entry::message).contains("monitoring window " + first
                + " cancelled: a new window replaces it");
        assertThatThrownBy(() -> monitoring.start(9, Duration.ZERO))
                .hasMessageContaining("--for must be longer than 0");
        assertThatThrownBy(() -> monitoring.start(10, null)).hasMessage("no incident 10");
        incidents.systems.put(11L, List.of("files", "sis"));
        assertThatThrownBy(() -> monitoring.start(11, null))
                .hasMessage("unknown system 'sis' (systems: files, broken)");
    }

    @Test
    void restart_thatFixesTheSystem_isBack_andOneThatDoesNot_isNot() throws Exception {
        incidents.systems.put(3L, List.of("files", "broken"));
        Files.delete(up);

        RestartResult fixed = restarts.restart(3, "files");
        assertThat(fixed.back()).as(fixed.summary()).isTrue();
        assertThat(fixed.run().succeeded()).isTrue();
        assertThat(fixed.summary()).contains("1 of 1 probes pass; the system is back");

        Files.delete(up);
        RestartResult notFixed = restarts.restart(3, "broken");
        assertThat(notFixed.back()).isFalse();
        assertThat(notFixed.run().exit()).isEqualTo(4);
        assertThat(notFixed.summary()).contains("exit 4 in").contains("no luck").contains("0 of 1 probes pass")
                .endsWith("the system is NOT back");
        assertThat(log).filteredOn(e -> e.entry() == TimelineKind.RESTART).hasSize(2);
        assertThat(monitoring.runs(3)).extracting(ProbeRunRecord::kind).containsOnly(ProbeRunKind.RESTART);
        assertThat(monitoring.resolveBlockers(3)).singleElement().asString().startsWith("broken: http");
        assertThatThrownBy(() -> restarts.restart(3, "nope")).hasMessageStartingWith("unknown system 'nope'");
        incidents.systems.put(4L, List.of("broken"));
        assertThatThrownBy(() -> restarts.restart(4, "files"))
                .hasMessage("system 'files' is not affected by incident 4 (affected: broken)");
    }
}
