package lifeboat.core.monitor;

import java.time.Instant;
import java.util.List;

/**
 * What one round of a monitoring window ran: each probe and functional check with its outcome.
 *
 * @param ended whether this round closed the window
 */
public record MonitorRound(long windowId, Instant at, List<Result> results, boolean ended) {
    public MonitorRound {
        results = List.copyOf(results);
    }

    public boolean allPassed() {
        return results.stream().allMatch(r -> r.outcome().passed());
    }

    /** One probe or functional check of a system; {@code probe} names what was checked, for IT. */
    public record Result(String system, String probe, ProbeOutcome outcome) {
    }
}
