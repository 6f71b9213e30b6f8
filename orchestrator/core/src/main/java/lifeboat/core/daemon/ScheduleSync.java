package lifeboat.core.daemon;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import lifeboat.core.config.JobDefinition;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.LoggerFactory;

/**
 * Brings the jobs stored in Quartz in line with the schedule files: new ones added, changed ones replaced, removed
 * ones deleted. Unchanged jobs keep their stored trigger, so a fire time missed while the daemon was down is still
 * known as missed when it starts again.
 */
final class ScheduleSync {
    static final String GROUP = "lifeboat";
    private static final String FINGERPRINT = "fingerprint";

    /** What a sync did. */
    record Result(int added, int updated, int unchanged, int removed, int expired) {
    }

    private ScheduleSync() {
    }

    static Result sync(Scheduler scheduler, List<JobDefinition> jobs) throws SchedulerException {
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        int expired = 0;
        Set<JobKey> wanted = new HashSet<>();
        for (JobDefinition j : jobs) {
            JobKey key = JobKey.jobKey(j.name(), GROUP);
            wanted.add(key);
            JobDetail existing = scheduler.getJobDetail(key);
            if (existing != null && j.fingerprint().equals(existing.getJobDataMap().getString(FINGERPRINT))
                    && !scheduler.getTriggersOfJob(key).isEmpty()) {
                unchanged++;
                continue;
            }
            if (j.cronExpression().getNextValidTimeAfter(new Date()) == null) {
                // a one-off cron whose time has passed: Quartz would refuse the trigger and with it the daemon's start
                LoggerFactory.getLogger(ScheduleSync.class).warn("job {} in {}: its cron \"{}\" has no fire time"
                        + " left; it is not scheduled", j.name(), j.file(), j.cron());
                if (existing != null) {
                    scheduler.deleteJob(key);
                }
                expired++;
                continue;
            }
            JobDetail detail = JobBuilder.newJob(ScheduledJob.class).withIdentity(key)
                    .withDescription(j.action().label() + " from " + j.file())
                    .usingJobData(FINGERPRINT, j.fingerprint())
                    .storeDurably()
                    .requestRecovery(true) // a node that dies mid-job: another node (or the next start) runs it again
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(j.name(), GROUP).forJob(key)
                    .withSchedule(CronScheduleBuilder.cronSchedule(j.cronExpression())
                            .inTimeZone(TimeZone.getTimeZone(j.zone()))
                            // missed while down: run once at start, not once per missed fire time
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            scheduler.scheduleJob(detail, Set.of(trigger), true);
            if (existing == null) {
                added++;
            } else {
                updated++;
            }
        }
        int removed = 0;
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(key) && scheduler.deleteJob(key)) {
                removed++;
            }
        }
        return new Result(added, updated, unchanged, removed, expired);
    }
}
