package lifeboat.core.recover;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.RecoveryRecord;
import lifeboat.core.catalog.RecoveryStore;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.Progress;
import lifeboat.core.model.RecoveryStatus;
import lifeboat.core.model.StepStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.restore.DumpRestoreService;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.trial.BackupGrader;
import lifeboat.core.trial.LatestGood;
import lifeboat.core.trial.RestoreChecks;
import lifeboat.core.trial.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery: resolves the latest good backup of every source of a recovery plan, then restores them group by
 * group in priority order (sources of a group in parallel up to the plan's limit, each after the sources it names in
 * {@code after}), replacing the target, and runs each source's restore tests against what was restored. Every step
 * is recorded in the catalog as it moves, so an interrupted run can be resumed without redoing finished steps.
 */
public final class RecoveryService {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

    private final Map<String, LifeboatConfig.RecoveryPlanConfig> plans;
    private final Sources sources;
    private final BackupStore backups;
    private final TrialStore trials;
    private final RecoveryStore recoveries;
    private final BackupGrader grader;
    private final RestoreService restorer;
    private final DumpRestoreService dumpRestorer;
    private final RestoreChecks checker;
    private final AuditTrail audit;

    /** @param checker runs each source's restore tests against what was restored */
    public RecoveryService(Map<String, LifeboatConfig.RecoveryPlanConfig> plans, Sources sources, BackupStore backups,
            TrialStore trials, RecoveryStore recoveries, BackupGrader grader, RestoreService restorer,
            DumpRestoreService dumpRestorer, RestoreChecks checker, AuditTrail audit) {
        this.audit = audit;
        this.plans = Map.copyOf(plans);
        this.sources = sources;
        this.backups = backups;
        this.trials = trials;
        this.recoveries = recoveries;
        this.grader = grader;
        this.restorer = restorer;
        this.dumpRestorer = dumpRestorer;
        this.checker = checker;
    }

    /**
     * A source of the plan with the backup it would be restored from.
     *
     * @param toDelete for a share restored as a mirror ({@code --delete}, {@code delete: true}): how many files and
     *        directories of its target the backup lacks and the restore would remove; null otherwise
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PlannedStep(int order, int priority, String source, BackupKind kind, List<String> after, String backup,
            Instant backupStartedAt, Long dataLossMs, long bytes, Long expectedDurationMs, String target,
            List<LatestGood.Skipped> passedOver, String problem, String storage, boolean requireTrial,
            LatestGood.SourceTrial lastPassedTrial, Long toDelete) {
        PlannedStep withToDelete(Long count, String why) {
            return new PlannedStep(order, priority, source, kind, after, backup, backupStartedAt, dataLossMs, bytes,
                    expectedDurationMs, target, passedOver, problem != null ? problem : why, storage, requireTrial,
                    lastPassedTrial, count);
        }
    }

    /** What {@code recover} would do; {@code runId} is null until it runs. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Plan(Long runId, String plan, Instant at, Instant before, int parallelism, List<PlannedStep> steps) {
    }

    /** A step's outcome as recorded in the timeline. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StepOutcome(String source, int priority, String backup, Instant backupStartedAt, String target,
            StepStatus status, Instant startedAt, Instant finishedAt, Long durationMs, Long recoveryTimeMs,
            Long dataLossMs, String detail) {
    }

    /** The run's outcome: {@code succeeded} when every step is checked, else {@code failed}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(Long runId, String plan, RecoveryStatus status, Instant startedAt, Instant finishedAt,
            Instant before, List<StepOutcome> steps) {
        public boolean ok() {
            return status == RecoveryStatus.SUCCEEDED;
        }
    }

    public LifeboatConfig.RecoveryPlanConfig planConfig(String name) {
        var p = plans.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no recovery plan '" + name + "'" + (plans.isEmpty()
                    ? ": lifeboat.yaml has no recoveryPlans section"
                    : "; configured plans: " + String.join(", ", plans.keySet().stream().sorted().toList())));
        }
        return p;
    }

    /** Resolves the plan: the newest good backup of each source not started after {@code before}. */
    public Plan plan(String planName, Instant before, List<String> only) throws SQLException, IOException {
        return plan(planName, before, only, false);
    }

    /**
     * As {@link #plan(String, Instant, List)}; with {@code delete} (or a source's {@code delete: true}) each share's
     * step also counts what its restore would remove from the target.
     */
    public Plan plan(String planName, Instant before, List<String> only, boolean delete)
            throws SQLException, IOException {
        Plan p = planOnly(planName, before, only);
        Map<String, LifeboatConfig.RecoverySource> bySource = new HashMap<>();
        planConfig(planName).groups().forEach(g -> g.sources().forEach(s -> bySource.put(s.name(), s)));
        List<PlannedStep> steps = new ArrayList<>();
        for (PlannedStep s : p.steps()) {
            var rs = bySource.get(s.source());
            if (s.kind() == BackupKind.FILES && s.target() != null && (delete || rs != null && rs.delete())) {
                try {
                    s = s.withToDelete(restorer.wouldDelete(s.backup(), Path.of(s.target())), null);
                } catch (IOException | RuntimeException e) {
                    s = s.withToDelete(null, "cannot count what --delete would remove: " + e.getMessage());
                }
            }
            steps.add(s);
        }
        return new Plan(p.runId(), p.plan(), p.at(), p.before(), p.parallelism(), steps);
    }

    private Plan planOnly(String planName, Instant before, List<String> only) throws SQLException, IOException {
        var pc = planConfig(planName);
        List<String> all = pc.groups().stream().flatMap(g -> g.names().stream()).toList();
        for (String o : only) {
            if (!all.contains(o)) {
                throw new IllegalArgumentException("--only " + o + ": source '" + o + "' is not in plan '" + planName + "'");
            }
        }
        Instant now = Instant.now();
        Instant reference = before == null ? now : before;
        List<PlannedStep> steps = new ArrayList<>();
        int order = 0;
        for (var g : pc.ordered()) {
            for (var rs : g.sources()) {
                if (!only.isEmpty() && !only.contains(rs.name())) {
                    continue;
                }
                SourceConfig sc = sources.get(rs.name());
                List<TrialRecord> tried = trials.of(rs.name());
                LatestGood lg = grader.latestGood(rs.name(), before, pc.requireTrial(rs.name(), grader.requireTrial()),
                        tried);
                order++;
                if (lg.id() == null) {
                    steps.add(new PlannedStep(order, g.priority(), rs.name(), null, rs.after(), null, null, null, 0, null,
                            null, lg.skipped(), "no good backup" + (before == null ? "" : " started at or before " + before)
                                    + (lg.skipped().isEmpty() ? " (no backups)" : ""), null, lg.requireTrial(),
                            lg.lastPassedTrial(), null));
                    continue;
                }
                BackupRecord b = backups.backup(lg.id()).orElseThrow();
                String target;
                String problem = null;
                try {
                    target = describe(target(sc, rs, b));
                } catch (IOException | IllegalArgumentException e) {
                    target = null;
                    problem = e.getMessage();
                }
                steps.add(new PlannedStep(order, g.priority(), rs.name(), b.kind(), rs.after(), b.id(), b.startedAt(),
                        Duration.between(b.startedAt(), reference).toMillis(), b.bytes(), expectedDuration(tried),
                        target, lg.skipped(), problem, lg.storage(), lg.requireTrial(), lg.lastPassedTrial(), null));
            }
        }
        return new Plan(null, planName, now, before, pc.parallelism(), steps);
    }

    /** The newest passed trial restore's duration of a source's trials: the measured time a restore takes. */
    private static Long expectedDuration(List<TrialRecord> tried) {
        return tried.stream().filter(t -> t.passed() && t.durationMs() != null)
                .max(Comparator.comparing(TrialRecord::startedAt)).map(TrialRecord::durationMs).orElse(null);
    }

    /** Where a source is restored to: a directory for a share, restore options for a database. */
    private record Target(Path dir, Map<String, String> db) {
    }

    private static Target target(SourceConfig sc, LifeboatConfig.RecoverySource rs, BackupRecord b) throws IOException {
        if (b.kind() == BackupKind.FILES) {
            Path to = rs.to();
            if (to == null && sc.type().equals("files")) {
                to = sc.settings().requirePath("path");
            }
            if (to == null) {
                throw new IllegalArgumentException("source " + sc.name() + " is a " + sc.type()
                        + " share: give the plan a local 'to' path to restore it into");
            }
            return new Target(to.toAbsolutePath().normalize(), null);
        }
        Map<String, String> db = new LinkedHashMap<>();
        db.put("toDb", rs.toDb() != null ? rs.toDb() : RestoreChecks.backupDatabaseName(b));
        if (rs.toHost() != null) {
            db.put("toHost", rs.toHost());
        }
        if (rs.toPort() != null) {
            db.put("toPort", rs.toPort());
        }
        if (rs.toUser() != null) {
            db.put("toUser", rs.toUser());
        }
        return new Target(null, db);
    }

    private static String describe(Target t) {
        if (t.dir() != null) {
            return t.dir().toString();
        }
        Map<String, String> db = t.db();
        return "database " + db.get("toDb") + (db.containsKey("toHost") || db.containsKey("toPort")
                ? " on " + db.getOrDefault("toHost", "(source host)") + ":" + db.getOrDefault("toPort", "(source port)")
                : " on the source's server") + (db.containsKey("toUser") ? " as " + db.get("toUser") : "");
    }

    /** Records a new run for the plan and executes it. */
    public Result execute(Plan plan, boolean continueOnFailure) throws SQLException {
        return execute(plan, continueOnFailure, false);
    }

    /** @param delete restore every share as a mirror, as its plan's {@code delete: true} does for one */
    public Result execute(Plan plan, boolean continueOnFailure, boolean delete) throws SQLException {
        return execute(plan, continueOnFailure, delete, RecoveryListener.NONE);
    }

    /** As {@link #execute(Plan, boolean, boolean)}, telling {@code listener} as each priority group is over. */
    public Result execute(Plan plan, boolean continueOnFailure, boolean delete, RecoveryListener listener)
            throws SQLException {
        List<RecoveryRecord.Step> steps = plan.steps().stream().map(s -> new RecoveryRecord.Step(s.source(), s.priority(),
                s.backup(), s.backupStartedAt(), s.target(), StepStatus.PLANNED, null, null, s.problem())).toList();
        long runId = recoveries.start(plan.plan(), ProcessOwner.current(), Instant.now(), plan.before(),
                continueOnFailure, delete, steps);
        LOG.info("recovery run {} of plan {} started", runId, plan.plan());
        audit.record(AuditType.RECOVERY_STARTED, plan.plan(), "run", runId, "before", plan.before(), "steps",
                plan.steps().stream().map(s -> List.of(s.source(), String.valueOf(s.backup()))).toList());
        try {
            listener.started(runId, plan);
        } catch (RuntimeException e) {
            LOG.error("recovery run {}: cannot tell that it started: {}", runId, e.toString());
        }
        return run(runId, delete, listener);
    }

    /** Continues an interrupted (or failed) run: steps already checked are not redone. */
    public Result resume(long runId) throws SQLException {
        return resume(runId, false);
    }

    /**
     * @param delete as for {@link #execute(Plan, boolean, boolean)}; a run started with it keeps it without being
     *        told again (it is recorded with the run)
     */
    public Result resume(long runId, boolean delete) throws SQLException {
        RecoveryRecord r = recoveries.run(runId)
                .orElseThrow(() -> new IllegalArgumentException("no recovery run " + runId));
        if (r.status() == RecoveryStatus.SUCCEEDED) {
            throw new IllegalArgumentException("recovery run " + runId + " already succeeded; nothing to resume");
        }
        if (r.status() == RecoveryStatus.RUNNING && !ProcessOwner.isDead(r.owner(), r.startedAt())) {
            throw new IllegalArgumentException("recovery run " + runId + " is still running (" + r.owner() + ")");
        }
        boolean mirror = delete || r.mirror();
        recoveries.resume(runId, ProcessOwner.current(), mirror);
        LOG.info("resuming recovery run {} of plan {}{}", runId, r.plan(), mirror ? " (shares as mirrors)" : "");
        return run(runId, mirror, RecoveryListener.NONE);
    }

    private Result run(long runId, boolean delete, RecoveryListener listener) throws SQLException {
        RecoveryRecord r = recoveries.run(runId).orElseThrow();
        var pc = planConfig(r.plan());
        Map<String, LifeboatConfig.RecoverySource> bySource = new HashMap<>();
        pc.groups().forEach(g -> g.sources().forEach(s -> bySource.put(s.name(), s)));
        Map<Integer, List<RecoveryRecord.Step>> groups = r.steps().stream().collect(Collectors.groupingBy(
                RecoveryRecord.Step::priority, TreeMap::new, Collectors.toList()));
        Map<String, Boolean> ok = new ConcurrentHashMap<>();
        boolean stopped = false;
        ExecutorService pool = Executors.newFixedThreadPool(pc.parallelism(), runnable -> {
            Thread t = new Thread(runnable, "recover-" + runId);
            t.setDaemon(true);
            return t;
        });
        try {
            for (var e : groups.entrySet()) {
                if (stopped) {
                    for (var s : e.getValue()) {
                        if (!s.status().done()) {
                            recoveries.updateStep(runId, s.source(), StepStatus.SKIPPED, null, null,
                                    "not run: an earlier priority group failed (use --continue-on-failure to go on)");
                        }
                    }
                    continue;
                }
                Map<String, CompletableFuture<Boolean>> futures = new LinkedHashMap<>();
                List<RecoveryRecord.Step> pending = new ArrayList<>(e.getValue());
                // in dependency order within the group (check-config rejects cycles)
                while (!pending.isEmpty()) {
                    RecoveryRecord.Step next = pending.stream().filter(s -> deps(bySource, s.source()).stream()
                            .noneMatch(d -> pending.stream().anyMatch(p -> p.source().equals(d))))
                            .findFirst().orElse(pending.get(0));
                    pending.remove(next);
                    List<CompletableFuture<Boolean>> before = deps(bySource, next.source()).stream()
                            .map(futures::get).filter(f -> f != null).toList();
                    CompletableFuture<Boolean> f = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                            .thenApplyAsync(v -> step(runId, r, next, bySource, ok, delete), pool);
                    futures.put(next.source(), f);
                }
                boolean groupOk = true;
                for (var f : futures.values()) {
                    groupOk &= f.join();
                }
                if (!groupOk && !r.continueOnFailure()) {
                    stopped = true;
                }
                int priority = e.getKey();
                try {
                    listener.groupFinished(runId, priority, result(runId).steps().stream()
                            .filter(s -> s.priority() == priority).toList());
                } catch (RuntimeException ex) {
                    LOG.error("recovery run {}: cannot tell that priority group {} is over: {}", runId, priority,
                            ex.toString());
                }
            }
        } finally {
            pool.shutdown(); // steps still running finish on their own: an interrupt would cut a restore short
        }
        RecoveryRecord done = recoveries.run(runId).orElseThrow();
        boolean all = done.steps().stream().allMatch(s -> s.status().done());
        Instant finished = Instant.now();
        recoveries.finish(runId, all ? RecoveryStatus.SUCCEEDED : RecoveryStatus.FAILED, finished);
        audit.record(AuditType.RECOVERY_FINISHED, done.plan(), "run", runId, "status",
                all ? RecoveryStatus.SUCCEEDED : RecoveryStatus.FAILED);
        return result(runId);
    }

    private static List<String> deps(Map<String, LifeboatConfig.RecoverySource> bySource, String source) {
        var rs = bySource.get(source);
        return rs == null ? List.of() : rs.after();
    }

    /** Runs one step; true when the source ends restored and checked. */
    private boolean step(long runId, RecoveryRecord run, RecoveryRecord.Step s,
            Map<String, LifeboatConfig.RecoverySource> bySource, Map<String, Boolean> ok, boolean delete) {
        try {
            if (s.status().done()) {
                ok.put(s.source(), true);
                return true;
            }
            for (String d : deps(bySource, s.source())) {
                if (Boolean.FALSE.equals(ok.get(d))) {
                    recoveries.updateStep(runId, s.source(), StepStatus.SKIPPED, null, null,
                            "not run: it is after " + d + ", which failed");
                    ok.put(s.source(), false);
                    return false;
                }
            }
            Instant started = Instant.now();
            if (s.backup() == null) {
                recoveries.updateStep(runId, s.source(), StepStatus.FAILED, started, started,
                        s.detail() == null ? "no good backup" : s.detail());
                ok.put(s.source(), false);
                return false;
            }
            recoveries.updateStep(runId, s.source(), StepStatus.STARTED, started, null,
                    "restoring " + s.backup() + " into " + s.target());
            LOG.info("recovery {}: {} started: restoring {} into {}", runId, s.source(), s.backup(), s.target());
            String detail;
            boolean passed;
            try {
                SourceConfig sc = sources.get(s.source());
                BackupRecord b = backups.backup(s.backup())
                        .orElseThrow(() -> new IOException("backup " + s.backup() + " is no longer in the catalog"));
                var rs = bySource.getOrDefault(s.source(), LifeboatConfig.RecoverySource.of(s.source()));
                Target t = target(sc, rs, b);
                List<TrialResult.CheckResult> checks = new ArrayList<>();
                RestoreResult result;
                if (t.dir() != null) {
                    result = restorer.restore(b.id(), t.dir(), null, true, delete || rs.delete(), Progress.NONE);
                } else {
                    Map<String, String> options = new LinkedHashMap<>(t.db());
                    options.put("force", "true");
                    result = dumpRestorer.restore(b.id(), options, Progress.NONE);
                }
                if (!result.ok()) {
                    throw new IOException("restore from " + result.storage() + " failed: "
                            + String.join("; ", result.problems()));
                }
                String restored = "restored " + b.id() + " from " + result.storage() + " (" + result.bytes()
                        + " bytes in " + result.durationMs() + " ms" + (result.removed() > 0 ? "; removed "
                                + result.removed() + " files and directories the backup lacks" : "") + ")";
                recoveries.updateStep(runId, s.source(), StepStatus.RESTORED, null, null, restored);
                LOG.info("recovery {}: {} {}", runId, s.source(), restored);
                if (t.dir() != null) {
                    checks.addAll(checker.checkFiles(sc, b, t.dir(), result.storage()));
                } else {
                    checker.checkDatabase(sc, b, t.db(), checks);
                }
                List<String> failed = checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                        .toList();
                passed = failed.isEmpty();
                detail = restored + "; " + (passed ? checks.size() + " checks passed"
                        : "checks failed: " + String.join("; ", failed));
            } catch (IOException | SQLException | RuntimeException e) {
                passed = false;
                detail = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.error("recovery {}: {} failed: {}", runId, s.source(), detail);
            }
            recoveries.updateStep(runId, s.source(), passed ? StepStatus.CHECKED : StepStatus.FAILED, null, Instant.now(),
                    detail);
            audit.record(AuditType.RECOVERY_STEP, s.source(), "run", runId, "backup", s.backup(), "status",
                    passed ? StepStatus.CHECKED : StepStatus.FAILED, "detail", detail);
            ok.put(s.source(), passed);
            return passed;
        } catch (SQLException e) {
            throw new IllegalStateException("catalog: " + e.getMessage(), e);
        }
    }

    /** The recorded run as an outcome. */
    public Result result(long runId) throws SQLException {
        RecoveryRecord r = recoveries.run(runId)
                .orElseThrow(() -> new IllegalArgumentException("no recovery run " + runId));
        Instant reference = r.before() != null ? r.before() : r.startedAt();
        List<StepOutcome> steps = r.steps().stream().map(s -> new StepOutcome(s.source(), s.priority(), s.backup(),
                s.backupStartedAt(), s.target(), s.status(), s.startedAt(), s.finishedAt(),
                s.startedAt() == null || s.finishedAt() == null ? null
                        : Duration.between(s.startedAt(), s.finishedAt()).toMillis(),
                s.finishedAt() == null || !s.status().done() ? null
                        : Duration.between(r.startedAt(), s.finishedAt()).toMillis(),
                s.backupStartedAt() == null ? null : Duration.between(s.backupStartedAt(), reference).toMillis(),
                s.detail())).toList();
        return new Result(r.id(), r.plan(), r.status(), r.startedAt(), r.finishedAt(), r.before(), steps);
    }
}
