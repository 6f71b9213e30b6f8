package lifeboat.core.catalog;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.RecoveryStatus;
import lifeboat.core.model.StepStatus;

/** A stored {@code lifeboat recover} run with its timeline, one step per source. */
public record RecoveryRecord(long id, String plan, RecoveryStatus status, String owner, Instant startedAt,
        Instant finishedAt, Instant before, boolean continueOnFailure, boolean mirror, List<Step> steps) {
    public RecoveryRecord {
        steps = List.copyOf(steps);
    }

    /** One source's step. */
    public record Step(String source, int priority, String backup, Instant backupStartedAt, String target,
            StepStatus status, Instant startedAt, Instant finishedAt, String detail) {
    }
}
