package lifeboat.core.catalog;

import java.time.Instant;

/**
 * A copy prune removed, or is removing ({@code prunedAt} null): the history kept for auditors.
 *
 * @param reason the rule, or why, as prune reported it
 */
public record PrunedCopy(String backupId, String source, String storage, String reason, long storedBytes,
        Instant requestedAt, Instant prunedAt) {
    public boolean done() {
        return prunedAt != null;
    }
}
