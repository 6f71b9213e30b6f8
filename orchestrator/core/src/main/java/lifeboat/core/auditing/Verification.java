package lifeboat.core.auditing;

import java.time.Instant;
import java.util.List;
import lifeboat.core.audit.ChainBreak;

/**
 * The audit chain re-checked, in the catalog and against the checkpoints on storage ({@code audit verify --json}).
 *
 * @param entries entries read from the catalog
 * @param headSeq the catalog's last entry checked
 * @param firstBreak the first entry that does not match, and how; null when the chain is intact
 * @param targets what each storage target's checkpoints said
 */
public record Verification(boolean intact, Instant at, long entries, long headSeq, String headHash,
        String keyFingerprint, ChainBreak firstBreak, List<TargetCheck> targets) {
    /**
     * One storage target's checkpoints.
     *
     * @param latest the newest checkpoint's sequence number there, or null when it has none
     * @param error why the target could not be read, or null
     */
    public record TargetCheck(String target, int checkpoints, Long latest, String error) {
    }

    /** Whether every target could be read as well. */
    public boolean complete() {
        return targets.stream().allMatch(t -> t.error() == null);
    }
}
