package lifeboat.core.catalog;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.CheckStatus;
import lifeboat.core.model.TrialStatus;

/** A stored trial restore of one backup, with its checks. */
public record TrialRecord(long id, String backupId, String source, TrialStatus status, String scratch, String owner,
        Instant startedAt, Instant finishedAt, Long durationMs, long bytes, long rows, String error,
        List<CheckRecord> checks) {
    public TrialRecord {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return status == TrialStatus.PASSED;
    }

    /** One check's outcome. */
    public record CheckRecord(String name, CheckStatus status, String detail) {
        public boolean passed() {
            return status == CheckStatus.PASSED;
        }
    }
}
