package lifeboat.core.trial;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.CheckStatus;
import lifeboat.core.model.TrialStatus;

/** One trial restore; a {@code trial-restore --json} item. {@code durationMs} is the source's measured recovery time. */
public record TrialResult(long trialId, String source, String backup, TrialStatus status, long durationMs, long bytes,
        long rows, Instant startedAt, Instant finishedAt, List<CheckResult> checks, String error) {
    public TrialResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return status == TrialStatus.PASSED;
    }

    /** A check's outcome, with what was seen. */
    public record CheckResult(String name, CheckStatus status, String detail) {
        static CheckResult pass(String name, String detail) {
            return new CheckResult(name, CheckStatus.PASSED, detail);
        }

        static CheckResult fail(String name, String detail) {
            return new CheckResult(name, CheckStatus.FAILED, detail);
        }

        public boolean passed() {
            return status == CheckStatus.PASSED;
        }
    }
}
