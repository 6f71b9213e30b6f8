package lifeboat.core.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import lifeboat.core.config.JobAction;
import lifeboat.core.model.RunStatus;

/**
 * One attempt of a scheduled job on one source; the {@code jobs --json} item.
 *
 * @param source the source it worked on, or null for jobs that are not per source
 * @param scheduledAt the fire time the schedule asked for (for a recovered or misfired run: the original one)
 * @param node the process that ran it, {@code host:pid}
 * @param lateReason why it started later than scheduled, or null when on time
 * @param note anything else worth knowing, such as how long it waited for another job on the same source
 */
public record JobRunRecord(long id, String job, JobAction action, String source, Instant scheduledAt, Instant startedAt,
        Instant finishedAt, RunStatus status, int attempt, long bytes, String backupId, String node, String lateReason,
        String note, String error) {
    public JobRunRecord {
        requireNonNull(job, "job is null");
        requireNonNull(action, "action is null");
        requireNonNull(scheduledAt, "scheduledAt is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(status, "status is null");
        requireNonNull(node, "node is null");
    }
}
