package lifeboat.core.daemon;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.core.Lifeboat;
import lifeboat.core.audit.Actor;
import lifeboat.core.backup.Janitor;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.Database;
import lifeboat.core.config.JobDefinition;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.monitor.MonitorRounds;
import lifeboat.core.notify.Watch;
import lifeboat.core.plugins.PluginRegistry;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lifeboat daemon}: runs the schedule files' jobs with Quartz, its JDBC job store in the catalog database.
 * Start it with {@link #start}, end it with {@link #stop}: no new jobs start, running ones get
 * {@code scheduler.shutdownGrace}, then it returns whether they all finished. Without {@code scheduler.cluster}
 * one daemon per catalog; with it, daemons on a PostgreSQL catalog share the jobs (see {@link DaemonLock}).
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Lifeboat lifeboat;
    private final Scheduler scheduler;
    private final JobRunner runner;
    private final DaemonLock lock;
    private final List<String> summary;
    private final Watch watch;
    private final MonitorRounds monitor;
    private final BreakGlassRound breakGlass;
    /** The H2 file opened by this process, so that it serves the others and never depends on one of them. */
    private final Connection served;
    /** How long the daemon waits at start for the CLI commands serving the H2 file to end, so it can serve it. */
    private static final Duration SERVE_WAIT = Duration.ofSeconds(30);

    private Daemon(Lifeboat lifeboat, Scheduler scheduler, JobRunner runner, DaemonLock lock, List<String> summary,
            Watch watch, MonitorRounds monitor, Connection served) {
        this.served = served;
        this.monitor = monitor;
        this.breakGlass = BreakGlassRound.start(lifeboat);
        this.lifeboat = lifeboat;
        this.watch = watch;
        this.scheduler = scheduler;
        this.runner = runner;
        this.lock = lock;
        this.summary = summary;
    }

    public static Daemon start(LifeboatConfig config, PluginRegistry plugins, List<JobDefinition> jobs) throws Exception {
        boolean postgres = config.catalogUrl().startsWith("jdbc:postgresql:");
        if (config.scheduler().cluster() && !postgres) {
            throw new IllegalArgumentException("scheduler.cluster: true needs a PostgreSQL catalog (catalog.url:"
                    + " jdbc:postgresql://...); an H2 catalog lives on one machine");
        }
        DaemonLock lock = DaemonLock.acquire(config);
        Lifeboat lifeboat = null;
        Connection served = null;
        try {
            served = Database.serveFile(config.catalogUrl(), SERVE_WAIT);
            if (served == null && !postgres) {
                LOG.info("other lifeboat processes kept the catalog busy for {}s: this daemon uses it through them",
                        SERVE_WAIT.toSeconds());
            }
            Instant started = Instant.now();
            lifeboat = Lifeboat.open(config, plugins);
            String node = ProcessOwner.current();
            lifeboat.actingAs(Actor.daemon(node));
            int interrupted = lifeboat.jobRuns().interrupt(r -> ProcessOwner.isDead(r.node(), r.startedAt()), started);
            cleanUp(lifeboat);
            JobRunner runner = new JobRunner(lifeboat, lifeboat.sourceLocks(), node);
            Map<String, JobDefinition> byName = new LinkedHashMap<>();
            jobs.forEach(j -> byName.put(j.name(), j));
            int workers = config.scheduler().maxConcurrentJobs();
            Scheduler scheduler = new StdSchedulerFactory(QuartzProperties.of(config)).getScheduler();
            // a fire time before the scheduler ran is the daemon's absence (or its start), never a busy daemon
            AtomicReference<Instant> running = new AtomicReference<>(started);
            scheduler.setJobFactory(ScheduledJob.factory(() -> new ScheduledJob(byName, runner, running.get(),
                    workers)));
            ScheduleSync.Result sync = ridingOutHandover(() -> ScheduleSync.sync(scheduler, jobs));
            running.set(Instant.now());
            ridingOutHandover(() -> {
                scheduler.start();
                return null;
            });
            List<String> summary = summary(config, lifeboat, scheduler, jobs, sync, interrupted, node);
            summary.forEach(LOG::info);
            MonitorRounds monitor = lifeboat.monitorRounds(); // first: a restore-tests mistake leaves nothing running
            Watch watch = lifeboat.watch(node);
            return new Daemon(lifeboat, scheduler, runner, lock, summary, watch, monitor, served);
        } catch (Exception | Error e) {
            if (lifeboat != null) {
                lifeboat.close();
            }
            if (served != null) {
                served.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    /**
     * Runs a start-up step again when the H2 catalog was being handed over from the process that served it (a
     * {@code list} that ended as the daemon started): Quartz gives up on such a unit of work at once.
     */
    private static <T> T ridingOutHandover(Callable<T> step) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.call();
            } catch (SchedulerException e) {
                if (!Database.isHandover(e) || !Database.pauseForHandover(attempt)) {
                    throw e;
                }
                LOG.debug("catalog handed over during start, trying again: {}", e.toString());
            }
        }
    }

    /** The Janitor at start: backups left 'running' by a daemon that was killed or ran out of grace. */
    private static void cleanUp(Lifeboat lifeboat) {
        try {
            int n = lifeboat.janitor().cleanUpAll();
            if (n > 0) {
                LOG.warn("marked {} interrupted backups failed and removed what they left", n);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("could not clean up interrupted backups now (each backup tries again): {}", e.toString());
        }
    }

    private static List<String> summary(LifeboatConfig config, Lifeboat lifeboat, Scheduler scheduler,
            List<JobDefinition> jobs, ScheduleSync.Result sync, int interrupted, String node) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("lifeboat daemon " + node + " started: catalog " + lifeboat.catalogDescription()
                + (config.scheduler().cluster() ? " (cluster node " + scheduler.getSchedulerInstanceId() + ")" : ""));
        lines.add("schedules " + config.schedulesDir() + ": " + jobs.size() + " jobs (" + sync.added() + " new, "
                + sync.updated() + " changed, " + sync.unchanged() + " unchanged, " + sync.removed() + " removed"
                + (sync.expired() > 0 ? ", " + sync.expired() + " with no fire time left" : "") + ");"
                + " at most " + config.scheduler().maxConcurrentJobs() + " at once and "
                + config.scheduler().perTargetJobs() + " per storage target, " + config.scheduler().retries()
                + " retries from " + config.scheduler().retryBackoff().toSeconds() + "s, shutdown grace "
                + config.scheduler().shutdownGrace().toSeconds() + "s");
        if (interrupted > 0) {
            lines.add(interrupted + " job runs of a stopped daemon marked interrupted");
        }
        var n = config.notifications();
        lines.add("notifications: " + n.channels().size() + " channels ("
                + String.join(", ", n.channels().stream().map(c -> c.name() + " " + c.type()).toList()) + "), "
                + n.rules().size() + " rules; staleness and free space checked every " + n.checkEvery().toMinutes()
                + " min; daily digest at \"" + n.digestCron() + "\" " + n.zone());
        for (JobDefinition j : jobs) {
            Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(j.name(), ScheduleSync.GROUP));
            lines.add("  " + j.name() + " (" + j.action().label() + " " + String.join(",", j.sources()) + ", cron \""
                    + j.cron() + "\" " + j.zone() + "): next " + (t == null || t.getNextFireTime() == null ? "never"
                    : t.getNextFireTime().toInstant()));
        }
        return lines;
    }

    /**
     * Ends the scheduler. On PostgreSQL a normal Quartz shutdown (its cluster row goes at once). Quartz 2.5's
     * shutdown interrupts its scheduler thread, and an interrupt closes H2's file channel and with it the whole
     * catalog database, so on H2 the scheduler stays in standby (it touches no table then) and only leaves the
     * registry; the JVM's exit ends its threads.
     */
    private void halt() throws SchedulerException, InterruptedException {
        if (lifeboat.config().catalogUrl().startsWith("jdbc:postgresql:")) {
            scheduler.shutdown(false);
        } else {
            awaitTriggersReleased();
            SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
        }
    }

    /**
     * After standby Quartz's scheduler thread hands back the triggers it had acquired for the next seconds. On H2 the
     * JVM's exit closes the database, and a hand-back still under way then fails with "Database is already closed"
     * stack traces in the log: wait (up to 5 s) until it is done.
     */
    private void awaitTriggersReleased() throws SchedulerException, InterruptedException {
        String id = scheduler.getSchedulerInstanceId();
        Instant until = Instant.now().plusSeconds(5);
        try {
            // a scheduler thread that had not yet seen the standby may still acquire the next trigger and then hand it
            // back: only a quiet spell (none held for QUIET consecutive looks) says it is done
            int quiet = 0;
            while (quiet < QUIET && Instant.now().isBefore(until)) {
                quiet = lifeboat.jobRuns().acquiredTriggers(id) > 0 ? 0 : quiet + 1;
                Thread.sleep(50); // polling: Quartz offers no call that waits for it
            }
        } catch (SQLException e) {
            LOG.debug("cannot check for acquired triggers: {}", e.toString());
        }
    }

    /** Looks, 50 ms apart, that must find no trigger held before the scheduler counts as settled. */
    private static final int QUIET = 6;

    public List<String> summary() {
        return summary;
    }

    /** The opened installation the daemon's jobs use; the web pages share it. */
    public Lifeboat lifeboat() {
        return lifeboat;
    }

    /** Whether the scheduler is running jobs (not stopping, not in standby). */
    public boolean schedulerRunning() {
        try {
            return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /**
     * Standby (no new jobs), running jobs get the grace period, then the scheduler ends. Returns true when every
     * running job finished in time; a job cut off leaves its backup 'running' for the Janitor, never 'complete'.
     */
    public boolean stop() throws Exception {
        Duration grace = lifeboat.config().scheduler().shutdownGrace();
        LOG.info("stopping: no new jobs; running jobs get {}s to finish", grace.toSeconds());
        scheduler.standby();
        runner.stopping();
        monitor.close();
        watch.close();
        breakGlass.close();
        Instant deadline = Instant.now().plus(grace);
        int running;
        while ((running = scheduler.getCurrentlyExecutingJobs().size()) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200); // polling the scheduler: it offers no wait-for-idle call
        }
        boolean finished = running == 0;
        if (finished) {
            halt();
            lifeboat.close();
            if (served != null) {
                served.close();
            }
            LOG.info("stopped: all jobs finished");
        } else {
            // the catalog stays open under the cut-off jobs until the JVM exits: closing it could only turn their
            // half-written backups into errors, and a backup is never marked complete without all of its objects
            halt();
            LOG.warn("stopped after the grace period with {} jobs still running: their backups stay 'running' and are"
                    + " marked failed and removed at the next run; the jobs run again at the next start", running);
        }
        if (lock != null) {
            lock.close();
        }
        return finished;
    }
}
