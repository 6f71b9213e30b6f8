package lifeboat.core.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Supplier;
import lifeboat.core.config.JobDefinition;
import org.quartz.CronExpression;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.spi.JobFactory;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job behind every schedule entry. Quartz stores only its key and fingerprint; the definition comes from
 * this node's schedule files, so every node of a cluster must have the same files. Fires of one entry may overlap:
 * each source of a job is its own run with its own retries, and a fire that finds its previous run on a source still
 * going (retrying, say) records that source as skipped instead of waiting (see {@link JobRunner}).
 */
final class ScheduledJob implements Job {
    private final Map<String, JobDefinition> jobs;
    private final JobRunner runner;
    private final Instant daemonStarted;
    private final int workers;

    ScheduledJob(Map<String, JobDefinition> jobs, JobRunner runner, Instant daemonStarted, int workers) {
        this.jobs = jobs;
        this.runner = runner;
        this.daemonStarted = daemonStarted;
        this.workers = workers;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        JobDefinition job = jobs.get(name);
        if (job == null) {
            LoggerFactory.getLogger(ScheduledJob.class).error("job {} fired but is not in this node's schedule"
                    + " files (every node of a cluster needs the same files); skipped", name);
            return;
        }
        runner.run(job, fire(job, context));
    }

    /** The scheduled time and, when late, why: compares the schedule's own fire time with the actual start. */
    private Fire fire(JobDefinition job, JobExecutionContext context) {
        Instant fired = context.getFireTime().toInstant();
        Instant scheduled = context.getScheduledFireTime() == null ? fired : context.getScheduledFireTime().toInstant();
        if (context.isRecovering()) {
            // the original trigger's scheduled time (what job_runs groups by), not its actual fire time
            var data = context.getMergedJobDataMap();
            String orig = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            String firedThere = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
            Instant original = orig == null ? scheduled : Instant.ofEpochMilli(Long.parseLong(orig));
            Instant started = firedThere == null ? original : Instant.ofEpochMilli(Long.parseLong(firedThere));
            return new Fire(job.name(), original, fired, "recovered: the node that started it at " + started
                    + " stopped mid-job, so it runs again here", LateCause.RECOVERED);
        }
        CronExpression cron = job.cronExpression();
        if (!cron.isSatisfiedBy(Date.from(scheduled))) {
            // fire-and-proceed misfire handling replaced the missed time with "now": find the missed ones
            Trigger trigger = context.getTrigger();
            Date after = context.getPreviousFireTime() != null ? context.getPreviousFireTime() : trigger.getStartTime();
            Date missed = cron.getNextValidTimeAfter(after);
            if (missed != null && missed.toInstant().isBefore(scheduled)) {
                int count = 0;
                for (Date t = missed; t != null && t.before(Date.from(scheduled)) && count < 1000; t = cron.getNextValidTimeAfter(t)) {
                    count++;
                }
                boolean down = missed.toInstant().isBefore(daemonStarted);
                String why = down
                        ? "the daemon was not running at " + missed.toInstant() + " (it started at " + daemonStarted + ")"
                        : "no worker was free at " + missed.toInstant() + " (scheduler.maxConcurrentJobs: " + workers + ")";
                return new Fire(job.name(), missed.toInstant(), fired, "misfired: " + why + "; "
                        + (count == 1 ? "the missed run" : count + " missed runs") + " made up once at " + fired,
                        down ? LateCause.DAEMON_DOWN : LateCause.BUSY);
            }
        }
        Duration late = Duration.between(scheduled, fired);
        if (late.compareTo(Duration.ofSeconds(2)) > 0 && scheduled.isBefore(daemonStarted)) {
            // late but within the misfire threshold: still the daemon's absence, not a busy daemon
            return new Fire(job.name(), scheduled, fired, String.format("started %.1fs late: the daemon was not running"
                    + " at %s (it started at %s)", late.toMillis() / 1000.0, scheduled, daemonStarted),
                    LateCause.DAEMON_DOWN);
        }
        if (late.compareTo(Duration.ofSeconds(2)) > 0) {
            return new Fire(job.name(), scheduled, fired, String.format("started %.1fs late: it waited for a free worker"
                    + " (scheduler.maxConcurrentJobs: %d)", late.toMillis() / 1000.0, workers), LateCause.BUSY);
        }
        return new Fire(job.name(), scheduled, fired, null, null);
    }

    /** Makes {@link ScheduledJob}s with the daemon's state; Quartz itself would need a public no-arg class. */
    static JobFactory factory(Supplier<ScheduledJob> make) {
        return (bundle, scheduler) -> make.get();
    }
}
