package lifeboat.core.catalog;

import java.time.Instant;
import java.util.List;

/** A stored {@code lifeboat recover} run with its timeline, one step per source. */
public record RecoveryRecord(long id, String plan, String status, String owner, Instant startedAt, Instant finishedAt,
        Instant before, boolean continueOnFailure, List<Step> steps) {
    public RecoveryRecord {
        steps = List.copyOf(steps);
    }

    /** One source's step: planned, started, restored, checked, failed or skipped. */
    public record Step(String source, int priority, String backup, Instant backupStartedAt, String target,
            String status, Instant startedAt, Instant finishedAt, String detail) {
    }
}
