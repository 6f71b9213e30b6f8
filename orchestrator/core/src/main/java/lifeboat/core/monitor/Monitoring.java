package lifeboat.core.monitor;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lifeboat.core.catalog.MonitorStore;
import lifeboat.core.catalog.MonitorWindowRecord;
import lifeboat.core.catalog.ProbeRunRecord;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.Durations;
import lifeboat.core.config.ProbeSpec;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.incident.Author;
import lifeboat.core.model.ProbeRunKind;
import lifeboat.core.model.TimelineKind;
import lifeboat.core.model.WindowStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.trial.RestoreChecks;
import lifeboat.core.trial.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring window of crash policy section 5: after a recovery, the affected systems' probes run every
 * {@code policy.probeEvery} for {@code policy.monitorFor}, and the sources' restore tests run against the live
 * systems at the start and at the end (functional testing). A probe that starts failing is on the incident's
 * timeline and told to IT at once; one that passes again likewise. Windows live in the catalog and each round is
 * claimed there, so the daemon that runs them can be restarted (or be one of several) and the window goes on.
 * It also answers why an incident cannot be resolved yet. Thread-safe.
 */
public final class Monitoring {
    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);

    private final CrashPolicyConfig policy;
    private final Sources sources;
    private final MonitorStore store;
    private final Probes probes;
    private final RestoreChecks checks;
    private final IncidentLog log;
    private final Clock clock;

    public Monitoring(CrashPolicyConfig policy, Sources sources, MonitorStore store, Probes probes,
            RestoreChecks checks, IncidentLog log, Clock clock) {
        this.policy = policy;
        this.sources = sources;
        this.store = store;
        this.probes = probes;
        this.checks = checks;
        this.log = log;
        this.clock = clock;
    }

    /** Whole microseconds, as the catalog keeps them: a claim compares the time it read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Starts a window over the open incident's affected systems for {@code length} (the policy's
     * {@code monitorFor} when null), moves the incident to {@code monitoring}, and runs the first round now: every
     * probe and the restore tests against the live systems. A window of the incident still running is cancelled:
     * the new one replaces it.
     */
    public MonitorRound start(long incidentId, Duration length) throws SQLException {
        String by = Author.current();
        List<String> systems = log.openSystems(incidentId);
        List<SystemConfig> configured = systems(systems);
        Duration span = length == null ? policy.policy().monitorFor() : length;
        if (span.isZero() || span.isNegative()) {
            throw new IllegalArgumentException("--for must be longer than 0 (got " + span + ")");
        }
        Optional<MonitorWindowRecord> old = store.latest(incidentId);
        if (old.isPresent() && old.get().status().running()
                && store.end(old.get().id(), WindowStatus.CANCELLED, now())) {
            log.post(incidentId, TimelineKind.MONITORING, "monitoring window " + old.get().id()
                    + " cancelled: a new window replaces it", false);
        }
        log.enterMonitoring(incidentId);
        Instant at = now();
        Duration every = policy.policy().probeEvery();
        long id = store.open(incidentId, configured.stream().map(SystemConfig::name).toList(), by, at, at.plus(span),
                every, at.plus(every).truncatedTo(ChronoUnit.MICROS));
        log.post(incidentId, TimelineKind.MONITORING, "monitoring window started by " + by + ": "
                + configured.stream().mapToInt(s -> s.probes().size()).sum() + " probes of "
                + String.join(", ", systems) + " every " + words(every) + " until " + at.plus(span)
                + ", restore tests against the live systems now and at the end" + unprobed(configured), false);
        // opened with its opening checks and first round taken: a daemon looking now leaves them to this call
        return round(window(id), at, true, false);
    }

    /** A system without probes is watched by nothing but its restore tests: say so. */
    private static String unprobed(List<SystemConfig> systems) {
        List<String> none = systems.stream().filter(s -> s.probes().isEmpty()).map(SystemConfig::name).toList();
        return none.isEmpty() ? "" : "; no probes configured for " + String.join(", ", none);
    }

    private static String words(Duration d) {
        return d.toMinutes() >= 1 ? Durations.text(d) : Probes.human(d);
    }

    /** The configured systems, in the order given; an unknown name is refused with the known ones. */
    private List<SystemConfig> systems(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no systems to monitor");
        }
        List<SystemConfig> out = new ArrayList<>();
        for (String n : names) {
            out.add(policy.system(n).orElseThrow(() -> new IllegalArgumentException("unknown system '" + n
                    + "' (systems: " + policy.systems().stream().map(SystemConfig::name)
                            .collect(Collectors.joining(", ")) + ")")));
        }
        return out;
    }

    private MonitorWindowRecord window(long id) throws SQLException {
        return store.window(id).orElseThrow(() -> new IllegalStateException("monitoring window " + id + " vanished"));
    }

    /** The daemon's round: runs whatever is due in every running window. */
    public List<MonitorRound> runDue() throws SQLException {
        List<MonitorRound> rounds = new ArrayList<>();
        for (MonitorWindowRecord w : store.running()) {
            try {
                runDue(w, now()).ifPresent(rounds::add);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("monitoring window {} of incident {}: round failed (tried again next round): {}", w.id(),
                        w.incidentId(), e.toString());
            }
        }
        return rounds;
    }

    /** The window's next duty, if one is due at {@code now} and this process claims it. */
    private Optional<MonitorRound> runDue(MonitorWindowRecord w, Instant now) throws SQLException {
        try {
            log.openSystems(w.incidentId());
        } catch (IllegalArgumentException gone) {
            // resolved (with --force) while its window ran: nothing left to watch for
            store.end(w.id(), WindowStatus.CANCELLED, now);
            return Optional.empty();
        }
        if (!now.isBefore(w.endsAt())) {
            if (!store.claimClosingChecks(w.id(), now)) {
                return Optional.empty();
            }
            MonitorRound round = round(w, now, true, true);
            boolean passed = round.allPassed();
            if (store.end(w.id(), passed ? WindowStatus.PASSED : WindowStatus.FAILED, now)) {
                tell(w.incidentId(), TimelineKind.MONITORING, passed
                        ? "monitoring window ended: every probe and restore test passes; the incident may be resolved"
                        : "monitoring window ended with failures: " + failures(round), !passed);
            }
            return Optional.of(round);
        }
        if (!now.isBefore(w.nextProbeAt()) && store.claimRound(w.id(), w.nextProbeAt(), next(w, now))) {
            return Optional.of(round(w, now, false, false));
        }
        return Optional.empty();
    }

    private static Instant next(MonitorWindowRecord w, Instant now) {
        return now.plus(w.probeEvery()).truncatedTo(ChronoUnit.MICROS);
    }

    private MonitorRound round(MonitorWindowRecord w, Instant at, boolean functional, boolean closing)
            throws SQLException {
        // per probe: since when it has been failing before this round (absent: it passed last time, or never ran)
        Map<String, Instant> failingSince = new LinkedHashMap<>();
        for (ProbeRunRecord r : store.windowRuns(w.id())) {
            String key = r.system() + "\n" + r.probe();
            if (r.status().passed()) {
                failingSince.remove(key);
            } else {
                failingSince.putIfAbsent(key, r.at());
            }
        }
        List<MonitorRound.Result> results = new ArrayList<>();
        for (String name : w.systems()) {
            Optional<SystemConfig> system = policy.system(name);
            if (system.isEmpty()) {
                results.add(new MonitorRound.Result(name, "system " + name,
                        new ProbeOutcome.Failed("no longer in the configuration", Duration.ZERO)));
                continue;
            }
            for (ProbeSpec p : system.get().probes()) {
                results.add(new MonitorRound.Result(name, p.describe(), probes.run(p)));
            }
            if (functional) {
                results.addAll(restoreTests(system.get()));
            }
        }
        for (MonitorRound.Result r : results) {
            ProbeRunKind kind = r.probe().startsWith(RESTORE_TEST) ? ProbeRunKind.RESTORE_TEST : ProbeRunKind.PROBE;
            store.record(w.incidentId(), w.id(), kind, r.system(), r.probe(), at, r.outcome().status(),
                    r.outcome().detail(), r.outcome().took());
            Instant since = failingSince.get(r.system() + "\n" + r.probe());
            boolean wasPassing = since == null;
            if (wasPassing && !r.outcome().passed()) {
                tell(w.incidentId(), TimelineKind.PROBE, title(r.system()) + ": " + r.probe() + ": "
                        + r.outcome().label() + " (" + r.outcome().detail() + ")", true);
            } else if (!wasPassing && r.outcome().passed()) {
                tell(w.incidentId(), TimelineKind.PROBE, title(r.system()) + ": " + r.probe()
                        + ": passes again (" + r.outcome().detail() + "); failing since " + since, true);
            }
        }
        if (functional) {
            long tests = results.stream().filter(r -> r.probe().startsWith(RESTORE_TEST)).count();
            long failed = results.stream().filter(r -> r.probe().startsWith(RESTORE_TEST) && !r.outcome().passed())
                    .count();
            tell(w.incidentId(), TimelineKind.MONITORING, (closing ? "closing" : "opening")
                    + " functional tests of the live systems: " + (tests == 0 ? "no restore tests declared"
                            : (tests - failed) + " of " + tests + " restore tests pass"), false);
        }
        return new MonitorRound(w.id(), at, results, closing);
    }

    static final String RESTORE_TEST = "restore-test ";

    /**
     * Puts a finding on the timeline; a failure to do so is logged, not thrown, so that one unsendable message does
     * not lose the rest of the round (the runs are recorded already).
     */
    private void tell(long incidentId, TimelineKind kind, String message, boolean tellIt) {
        try {
            log.post(incidentId, kind, message, tellIt);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("incident {}: cannot put on the timeline \"{}\": {}", incidentId, message, e.toString());
        }
    }

    /** The source's restore tests against the live system, one result per check. */
    private List<MonitorRound.Result> restoreTests(SystemConfig system) {
        List<MonitorRound.Result> out = new ArrayList<>();
        for (String source : system.sources()) {
            Optional<SourceConfig> sc = sources.find(source);
            if (sc.isEmpty()) {
                continue;
            }
            long start = System.nanoTime();
            try {
                for (TrialResult.CheckResult c : checks.checkLive(sc.get())) {
                    Duration took = Probes.since(start);
                    out.add(new MonitorRound.Result(system.name(), RESTORE_TEST + source + "/" + c.name(),
                            c.passed() ? new ProbeOutcome.Passed(c.detail(), took)
                                    : new ProbeOutcome.Failed(c.detail(), took)));
                }
            } catch (IOException | RuntimeException e) {
                out.add(new MonitorRound.Result(system.name(), RESTORE_TEST + source,
                        new ProbeOutcome.Failed(Probes.text(e), Probes.since(start))));
            }
        }
        return out;
    }

    private String title(String system) {
        return policy.system(system).map(s -> s.title() + " (" + s.name() + ")").orElse(system);
    }

    private static String failures(MonitorRound round) {
        return round.results().stream().filter(r -> !r.outcome().passed())
                .map(r -> r.system() + ": " + r.probe() + " " + r.outcome().label() + " (" + r.outcome().detail() + ")")
                .collect(Collectors.joining("; "));
    }

    /** The incident's newest window, if one was started. */
    public Optional<MonitorWindowRecord> latestWindow(long incidentId) throws SQLException {
        return store.latest(incidentId);
    }

    /** Every probe run and functional check of an incident, oldest first (for {@code show} and the report). */
    public List<ProbeRunRecord> runs(long incidentId) throws SQLException {
        return store.runs(incidentId);
    }

    /**
     * Why the incident cannot be resolved now: its monitoring window still runs, or a probe or restore test of it
     * fails (its latest run, since when). Empty when nothing stands in the way.
     */
    public List<String> resolveBlockers(long incidentId) throws SQLException {
        List<String> why = new ArrayList<>();
        Optional<MonitorWindowRecord> w = store.latest(incidentId);
        if (w.isPresent() && w.get().status().running()) {
            why.add("the monitoring window runs until " + w.get().endsAt());
        }
        Map<String, Instant> failingSince = new LinkedHashMap<>();
        Map<String, ProbeRunRecord> latest = new LinkedHashMap<>();
        for (ProbeRunRecord r : store.runs(incidentId)) {
            if (w.isPresent() && r.windowId() != null && r.windowId() != w.get().id()) {
                continue; // a replaced window's results are history
            }
            String key = r.system() + ": " + r.probe();
            latest.put(key, r);
            if (r.status().passed()) {
                failingSince.remove(key);
            } else {
                failingSince.putIfAbsent(key, r.at());
            }
        }
        latest.forEach((key, r) -> {
            if (!r.status().passed()) {
                why.add(key + " " + r.status().label() + " since " + failingSince.get(key) + " (" + r.detail() + ")");
            }
        });
        return why;
    }
}
