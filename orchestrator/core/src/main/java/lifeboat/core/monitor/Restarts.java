package lifeboat.core.monitor;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import lifeboat.core.catalog.MonitorStore;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.ProbeSpec;
import lifeboat.core.config.RestartSpec;
import lifeboat.core.model.ProbeRunKind;
import lifeboat.core.model.TimelineKind;

/**
 * The crash policy's "system reboot" before advanced recovery (section 3): runs a system's restart command (over
 * SSH on its host, or here), bounded by its timeout, then the system's probes, and says whether the system is back.
 * All of it goes on the incident's timeline; the probe runs are kept for the report.
 */
public final class Restarts {
    private final CrashPolicyConfig policy;
    private final MonitorStore store;
    private final Probes probes;
    private final RestartShell local;
    private final RestartShell remote;
    private final IncidentLog log;
    private final Clock clock;

    /**
     * @param local runs commands of systems without {@code viaHost}
     * @param remote runs commands over SSH on {@code viaHost}
     */
    public Restarts(CrashPolicyConfig policy, MonitorStore store, Probes probes, RestartShell local,
            RestartShell remote, IncidentLog log, Clock clock) {
        this.policy = policy;
        this.store = store;
        this.probes = probes;
        this.local = local;
        this.remote = remote;
        this.log = log;
        this.clock = clock;
    }

    /** The shell that runs restart commands on this machine ({@code sh -c}). */
    public static RestartShell localShell() {
        return new LocalShell();
    }

    /** The system's restart spec; refused naming the system when it has none, or when it is unknown. */
    public RestartSpec spec(String system) {
        SystemConfig s = system(system);
        return s.restartSpec().orElseThrow(() -> new IllegalArgumentException("system '" + system
                + "' has no restart command (systems[].restart in the configuration): recover it from backups"));
    }

    private SystemConfig system(String name) {
        return policy.system(name).orElseThrow(() -> new IllegalArgumentException("unknown system '" + name
                + "' (systems: " + policy.systems().stream().map(SystemConfig::name).collect(Collectors.joining(", "))
                + ")"));
    }

    /** Restarts the system, then runs its probes; the result is on the incident's timeline. */
    public RestartResult restart(long incidentId, String system) throws SQLException {
        SystemConfig s = system(system);
        RestartSpec spec = spec(system);
        List<String> affected = log.openSystems(incidentId);
        if (!affected.contains(system)) {
            throw new IllegalArgumentException("system '" + system + "' is not affected by incident " + incidentId
                    + " (affected: " + String.join(", ", affected) + ")");
        }
        ShellRun run = null;
        String error = null;
        try {
            run = (spec.remote() ? remote : local).run(spec);
        } catch (IOException | RuntimeException e) {
            error = Probes.text(e);
        }
        List<MonitorRound.Result> results = new ArrayList<>();
        for (ProbeSpec p : s.probes()) {
            ProbeOutcome o = probes.run(p);
            results.add(new MonitorRound.Result(s.name(), p.describe(), o));
            store.record(incidentId, null, ProbeRunKind.RESTART, s.name(), p.describe(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS), o.status(), o.detail(), o.took());
        }
        boolean back = run != null && run.succeeded() && results.stream().allMatch(r -> r.outcome().passed());
        RestartResult result = new RestartResult(incidentId, s.name(), spec.command(), spec.where(), run, error,
                results, back);
        StringBuilder entry = new StringBuilder(result.summary());
        results.stream().filter(r -> !r.outcome().passed()).forEach(r -> entry.append("\n  ").append(r.probe())
                .append(": ").append(r.outcome().label()).append(" (").append(r.outcome().detail()).append(')'));
        log.post(incidentId, TimelineKind.RESTART, entry.toString(), false);
        return result;
    }
}
