package lifeboat.core.incident;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.LifeboatConfig.RecoveryPlanConfig;
import lifeboat.core.recover.RecoveryService;
import lifeboat.core.recover.RecoveryService.PlannedStep;

/**
 * The expected time ("--eta auto"): the recovery plan for the affected systems' sources, as {@code recover
 * --dry-run} resolves it (each step's expected duration is its source's latest passed trial restore), run in the
 * plan's order: priority groups one after another, the sources of a group spread over the plan's parallelism.
 * Sources without a measured duration are named in the basis and counted as nothing. Sources already recovered are
 * left out, so the estimate shrinks as a recovery goes on.
 */
final class EtaEstimator {
    private final CrashPolicyConfig policy;
    private final Map<String, RecoveryPlanConfig> plans;
    private final RecoveryService recoveries;

    EtaEstimator(CrashPolicyConfig policy, Map<String, RecoveryPlanConfig> plans, RecoveryService recoveries) {
        this.policy = policy;
        this.plans = new TreeMap<>(plans);
        this.recoveries = recoveries;
    }

    /**
     * An expected time.
     *
     * @param at null when nothing could be measured
     * @param basis how it was reached, in a sentence
     * @param unmeasured the sources without a measured restore duration
     */
    record Estimate(Instant at, String basis, List<String> unmeasured) {
        Estimate(Instant at, String basis) {
            this(at, basis, List.of());
        }
    }

    /** The sources of these systems. */
    List<String> sources(Collection<String> systems) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : systems) {
            policy.system(s).ifPresent(sc -> out.addAll(sc.sources()));
        }
        return List.copyOf(out);
    }

    /** The plan holding the most of {@code sources} (the first by name on a tie); null when none holds any. */
    String planFor(List<String> sources) {
        String best = null;
        long most = 0;
        for (RecoveryPlanConfig p : plans.values()) {
            long n = p.groups().stream().flatMap(g -> g.names().stream()).filter(sources::contains).count();
            if (n > most) {
                most = n;
                best = p.name();
            }
        }
        return best;
    }

    /** The expected time for the systems to be back, from {@code now}, with {@code done} sources already back. */
    Estimate estimate(Collection<String> systems, Instant now) throws SQLException {
        return estimate(systems, null, Set.of(), now);
    }

    /**
     * @param plan the plan being run, or null to take the one holding most of the systems' sources
     * @param done sources restored and checked already
     */
    Estimate estimate(Collection<String> systems, String plan, Set<String> done, Instant now) throws SQLException {
        List<String> sources = sources(systems);
        if (sources.isEmpty()) {
            return new Estimate(null, "no sources are configured for " + String.join(", ", systems)
                    + ", so there is nothing to measure");
        }
        String name = plan != null ? plan : planFor(sources);
        if (name == null) {
            return new Estimate(null, "no recovery plan holds " + String.join(", ", sources));
        }
        List<String> wanted = sources.stream().filter(s -> !done.contains(s)).filter(s -> recoveries.planConfig(name)
                .groups().stream().anyMatch(g -> g.names().contains(s))).toList();
        if (wanted.isEmpty()) {
            return new Estimate(now, "every source of " + String.join(", ", systems) + " is recovered");
        }
        RecoveryService.Plan p;
        try {
            p = recoveries.plan(name, null, wanted);
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve recovery plan " + name + ": " + e.getMessage(), e);
        }
        List<String> unmeasured = new ArrayList<>();
        List<String> why = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        Map<Integer, List<PlannedStep>> groups = new TreeMap<>();
        for (PlannedStep s : p.steps()) {
            groups.computeIfAbsent(s.priority(), k -> new ArrayList<>()).add(s);
            if (s.expectedDurationMs() == null) {
                unmeasured.add(s.source());
                why.add(s.source() + " (" + (s.backup() == null ? "no good backup" : "no passed trial restore") + ")");
            } else {
                measured.add(s.source() + " " + ReportBuilder.text(Duration.ofMillis(s.expectedDurationMs())));
            }
        }
        long total = 0;
        for (List<PlannedStep> g : groups.values()) {
            total += makespan(g, p.parallelism());
        }
        List<String> notInPlan = sources.stream().filter(s -> !done.contains(s) && !wanted.contains(s)).toList();
        StringBuilder basis = new StringBuilder("recovery plan " + name + " (" + groups.size() + " priority group"
                + (groups.size() == 1 ? "" : "s") + ", parallelism " + p.parallelism() + ")");
        if (!measured.isEmpty()) {
            basis.append(": ").append(ReportBuilder.text(Duration.ofMillis(total)))
                    .append(" from the latest passed trial restores of ").append(String.join(", ", measured));
        }
        if (!unmeasured.isEmpty()) {
            basis.append("; no measured duration for ").append(String.join(", ", why)).append(", not counted");
        }
        if (!notInPlan.isEmpty()) {
            basis.append("; not in the plan: ").append(String.join(", ", notInPlan));
        }
        if (unmeasured.size() == p.steps().size()) {
            return new Estimate(null, basis.toString(), unmeasured);
        }
        return new Estimate(now.plusMillis(total), basis.toString(), unmeasured);
    }

    /** A group's time: its steps, longest first, each on the worker free soonest. */
    static long makespan(List<PlannedStep> steps, int parallelism) {
        PriorityQueue<Long> workers = new PriorityQueue<>();
        for (int i = 0; i < Math.max(1, parallelism); i++) {
            workers.add(0L);
        }
        steps.stream().map(s -> s.expectedDurationMs() == null ? 0L : s.expectedDurationMs())
                .sorted(Comparator.reverseOrder()).forEach(d -> workers.add(workers.poll() + d));
        return workers.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
