package lifeboat.core.trial;

import java.time.Instant;
import java.util.List;

/** One trial restore; a {@code trial-restore --json} item. {@code durationMs} is the source's measured recovery time. */
public record TrialResult(long trialId, String source, String backup, String status, long durationMs, long bytes,
        long rows, Instant startedAt, Instant finishedAt, List<CheckResult> checks, String error) {
    public TrialResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return "passed".equals(status);
    }

    /** A check's outcome: {@code passed} or {@code failed}, with what was seen. */
    public record CheckResult(String name, String status, String detail) {
        static CheckResult pass(String name, String detail) {
            return new CheckResult(name, "passed", detail);
        }

        static CheckResult fail(String name, String detail) {
            return new CheckResult(name, "failed", detail);
        }

        public boolean passed() {
            return "passed".equals(status);
        }
    }
}
