package lifeboat.core.daemon;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.Failures;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.catalog.JobRunStore;
import lifeboat.core.config.JobAction;
import lifeboat.core.config.JobDefinition;
import lifeboat.core.config.LifeboatConfig.SchedulerConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.EventType;
import lifeboat.core.model.RunStatus;
import lifeboat.core.repo.SourceLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one firing of a job: each of its sources as its own run, under that source's lock, with its own retries of
 * transient failures. Every attempt is a {@code job_runs} row; failures and late starts are also events. Thread-safe: one
 * runner serves all of the scheduler's worker threads.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Lifeboat lifeboat;
    private final Actions actions;
    private final JobRunStore runs;
    private final Events events;
    private final SourceLocks locks;
    private final TargetLimits targetLimits;
    private final SchedulerConfig limits;
    private final String node;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Per job and source, the run under way (running or waiting to retry), in words. */
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    /** The source runs of all fires; a fire's worker waits for its own. */
    private final ExecutorService sourceRuns = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lifeboat-source-run");
        t.setDaemon(true); // like Quartz's workers: after the shutdown grace the JVM exits regardless
        return t;
    });

    JobRunner(Lifeboat lifeboat, SourceLocks locks, String node) {
        this.lifeboat = lifeboat;
        this.actions = new Actions(lifeboat);
        this.runs = lifeboat.jobRuns();
        this.events = lifeboat.events();
        this.locks = locks;
        this.targetLimits = new TargetLimits(lifeboat.config().scheduler().perTargetJobs());
        this.limits = lifeboat.config().scheduler();
        this.node = node;
    }

    /** No retries or lock waits start after this; running actions go on. */
    void stopping() {
        stopping.countDown();
        sourceRuns.shutdown();
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Runs one fire: every source of the job as its own run, at once, each with its own retries, so one source's
     * retries never hold up the others. A source whose run from an earlier fire is still going (retrying, say) is
     * recorded as skipped with the reason, and the job counts as missed. Returns when the runs it started ended.
     */
    void run(JobDefinition job, Fire fire) {
        interruptDeadRuns();
        List<String> sources = job.sources();
        if (sources.isEmpty()) {
            LOG.warn("job {} covers no configured source: nothing to do", job.name());
        }
        List<String> skipped = new ArrayList<>();
        List<Future<?>> started = new ArrayList<>();
        for (String source : sources) {
            if (isStopping()) {
                LOG.info("job {}: not starting {} (the daemon is shutting down)", job.name(), source);
                break;
            }
            String key = job.name() + "\u0000" + source;
            String previous = inFlight.putIfAbsent(key, "its run for " + fire.scheduledAt() + " on " + source
                    + " is running");
            if (previous != null) {
                skipped.add(previous);
                recordSkipped(job, fire, source, previous);
                continue;
            }
            try {
                started.add(sourceRuns.submit(() -> {
                    try {
                        runOn(job, fire, source, key);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException | SQLException | RuntimeException e) {
                        LOG.error("job {} on {}: cannot record the run in the catalog: {}", job.name(), source,
                                e.toString());
                    } finally {
                        inFlight.remove(key);
                    }
                }));
            } catch (RejectedExecutionException e) {
                inFlight.remove(key);
                LOG.info("job {}: not starting {} (the daemon is shutting down)", job.name(), source);
            }
        }
        reportLateness(job, fire, skipped);
        for (Future<?> f : started) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.error("job {}: {}", job.name(), e.getCause().toString());
            }
        }
    }

    /** A fire that started late, or skipped a source, is missed; one on time for every source ends that. */
    private void reportLateness(JobDefinition job, Fire fire, List<String> skipped) {
        String missedKey = Alert.keyOf(EventType.JOB_MISSED, job.name());
        if (fire.lateReason() == null && skipped.isEmpty()) {
            events.resolve(EventType.JOB_MISSED, job.name(), missedKey, "job " + job.name()
                    + " started on time at " + fire.firedAt());
            return;
        }
        List<String> what = new ArrayList<>();
        List<String> advice = new ArrayList<>();
        if (fire.lateReason() != null) {
            what.add("was scheduled for " + fire.scheduledAt() + " and started only at " + fire.firedAt() + ": "
                    + fire.lateReason());
            advice.add(fire.lateCause().advice());
        }
        if (!skipped.isEmpty()) {
            what.add("skipped its fire at " + fire.scheduledAt() + " on " + skipped.size() + " source(s): "
                    + String.join("; ", skipped));
            advice.add(LateCause.PREVIOUS_STILL_RUNNING.advice());
        }
        events.raise(new Alert(EventType.JOB_MISSED, EventType.JOB_MISSED.severity(), job.name(), null, job.name(),
                "job " + job.name() + " " + String.join(", and ", what), String.join("; ", advice), missedKey));
    }

    /** A source's fire skipped because its previous run there still goes on: a job run of its own, with why. */
    private void recordSkipped(JobDefinition job, Fire fire, String source, String previous) {
        String reason = "skipped: " + previous + "; this fire does not wait for it";
        LOG.warn("job {} on {}: {}", job.name(), source, reason);
        try {
            Instant now = clock.instant();
            long id = runs.start(new JobRunRecord(0, job.name(), job.action(), source, fire.scheduledAt(), now, null,
                    RunStatus.RUNNING, 1, 0, null, node, fire.lateReason(), reason, null));
            runs.finish(id, RunStatus.SKIPPED, now, 0, null, reason, null);
        } catch (SQLException | RuntimeException e) {
            LOG.error("job {} on {}: cannot record the skipped fire in the catalog: {}", job.name(), source,
                    e.toString());
        }
    }

    /**
     * Runs the job's action on the source, retrying transient failures. Each attempt holds the source's lock and its
     * targets' slots; a retry's back-off wait holds neither, so a backup by hand, a restore or another job of the
     * source can run meanwhile.
     */
    private void runOn(JobDefinition job, Fire fire, String source, String key) throws InterruptedException, IOException, SQLException {
        for (int attempt = 1; ; attempt++) {
            Duration wait = attemptOn(job, fire, source, key, attempt);
            if (wait == null) {
                return;
            }
            if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("job {} on {}: not retried, the daemon is shutting down", job.name(), source);
                return;
            }
        }
    }

    /** One attempt under the source's lock; how long to wait before the next, or null when there is none. */
    private Duration attemptOn(JobDefinition job, Fire fire, String source, String key, int attempt)
            throws InterruptedException, IOException, SQLException {
        try (SourceLocks.Held held = locks.acquire(source, job.action().label(), "job " + job.name(),
                this::isStopping);
                TargetLimits.Held slots = held == null ? null
                        : targetLimits.acquire(targetsOf(job, source), job.name(), this::isStopping)) {
            if (held == null || slots == null) {
                return null;
            }
            String note = null;
            if (held.waitedFor() != null) {
                note = String.format("waited %.1fs for %s on source %s", held.waited().toMillis() / 1000.0,
                        held.waitedFor(), source);
            }
            if (slots.waitedFor() != null) {
                String w = String.format("waited %.1fs for a free slot on %s", slots.waited().toMillis() / 1000.0,
                        slots.waitedFor());
                note = note == null ? w : note + "; " + w;
            }
            if (note != null) {
                LOG.info("job {}: {}", job.name(), note);
            }
            Instant started = clock.instant();
            long id = runs.start(new JobRunRecord(0, job.name(), job.action(), source, fire.scheduledAt(), started,
                    null, RunStatus.RUNNING, attempt, 0, null, node, fire.lateReason(), note, null));
            int number = attempt;
            Attempt tried = new Attempt(job.name(), number, cause -> number <= limits.retries()
                    && Failures.isTransient(cause) && !isStopping());
            LOG.info("job {} ({}) on {}: attempt {} started", job.name(), job.action().label(), source, attempt);
            RunOutcome o;
            try {
                o = actions.run(job, source, tried);
            } catch (Exception e) {
                o = RunOutcome.failed(e);
            }
            boolean retry = o.failed() && o.cause() != null && tried.retried().test(o.cause());
            if (retry) {
                Duration wait = limits.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
                String msg = "transient failure, retry " + attempt + " of " + limits.retries() + " in "
                        + wait.toSeconds() + "s: " + o.error();
                inFlight.put(key, "its run for " + fire.scheduledAt() + " on " + source + " waits to retry"
                        + " (attempt " + (attempt + 1) + " at " + clock.instant().plus(wait) + ")");
                runs.finish(id, RunStatus.RETRYING, clock.instant(), o.bytes(), o.backupId(), o.note(), msg);
                LOG.warn("job {} on {}: {}", job.name(), source, msg);
                events.record(EventType.JOB_RETRYING, source, job.name(), "job " + job.name() + " on " + source
                        + ": " + msg);
                return wait;
            }
            String notes = note == null ? o.note() : o.note() == null ? note : note + "; " + o.note();
            runs.finish(id, o.status(), clock.instant(), o.bytes(), o.backupId(), notes, o.error());
            if (o.failed()) {
                String why = o.cause() != null && !Failures.isTransient(o.cause()) ? " (permanent: not retried)"
                        : attempt > 1 ? " (after " + attempt + " attempts)" : "";
                LOG.error("job {} on {} failed{}: {}", job.name(), source, why, o.error());
            } else {
                LOG.info("job {} on {}: {}{}", job.name(), source, o.status(), o.note() == null ? "" : " (" + o.note() + ")");
            }
            report(job, source, o, tried);
            return null;
        }
    }

    /**
     * Tells people about a job that could not run at all. What an action did is told by its service (a backup its
     * failure, a verification its findings, a copy its failed copies), so only a verify or trial restore that ran is
     * resolved here, and a copy that could not start is raised here.
     */
    private void report(JobDefinition job, String source, RunOutcome o, Attempt attempt) {
        if (job.action() == JobAction.BACKUP) {
            return;
        }
        EventType type = job.action() == JobAction.COPY ? EventType.COPY_FAILED : EventType.JOB_FAILED;
        String key = type == EventType.JOB_FAILED ? Alert.keyOf(type, job.name() + ":" + source) : Alert.keyOf(type, source);
        String about = type == EventType.JOB_FAILED ? job.name() : source;
        if (o.failed() && o.cause() != null) {
            String context = attempt.job() == null ? "" : attempt.number() > 1 || !Failures.isTransient(o.cause())
                    ? " (" + (Failures.isTransient(o.cause()) ? "after " + attempt.number() + " attempts"
                            : "permanent: not retried") + ")" : "";
            events.raise(new Alert(type, type.severity(), about, source, job.name(), "job " + job.name() + " ("
                    + job.action().label() + ") on " + source + " failed" + context + ": " + o.error(),
                    "see lifeboat jobs --since 48h and the daemon's log; fix the cause, then run the job's action by"
                            + " hand (e.g. lifeboat " + job.action().label() + " " + source + ")", key));
        } else if (!o.failed() && type == EventType.JOB_FAILED) {
            events.resolve(type, about, key, "job " + job.name() + " on " + source + " ended " + o.status());
        }
    }

    /** The storage targets a job on a source reads or writes: the source's own, and for a copy also its target. */
    private List<String> targetsOf(JobDefinition job, String source) {
        Set<String> out = new TreeSet<>();
        lifeboat.sources().find(source).ifPresent(s -> out.addAll(s.storage()));
        if (job.action() == JobAction.COPY) {
            if (job.from() != null) {
                out.add(job.from());
            }
            if (job.to() != null) {
                out.add(job.to());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Runs left 'running' by a daemon process that is gone (kill -9, power loss) become 'interrupted'. At start every
     * daemon does this; in a cluster the surviving nodes must too, or the dead node's run would stay 'running'.
     * Only processes on this host can be judged dead (see {@link ProcessOwner#isDead}).
     */
    private void interruptDeadRuns() {
        try {
            int n = runs.interrupt(r -> !node.equals(r.node())
                    && ProcessOwner.isDead(r.node(), r.startedAt()), clock.instant());
            if (n > 0) {
                LOG.warn("marked {} job runs of a daemon that is gone as interrupted", n);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot check for job runs of stopped daemons: {}", e.toString());
        }
    }
}
