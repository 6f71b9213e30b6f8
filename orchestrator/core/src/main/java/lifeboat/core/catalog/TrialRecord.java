package lifeboat.core.catalog;

import java.time.Instant;
import java.util.List;

/** A stored trial restore of one backup, with its checks. */
public record TrialRecord(long id, String backupId, String source, String status, String scratch, String owner,
        Instant startedAt, Instant finishedAt, Long durationMs, long bytes, long rows, String error,
        List<CheckRecord> checks) {
    public TrialRecord {
        checks = List.copyOf(checks);
    }

    /** One check's outcome. */
    public record CheckRecord(String name, String status, String detail) {
    }
}
