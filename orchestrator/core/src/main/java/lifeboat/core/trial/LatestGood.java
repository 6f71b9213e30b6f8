package lifeboat.core.trial;

import java.time.Instant;
import java.util.List;

/**
 * The newest good backup of a source, with the evidence, and the newer backups passed over with the reason for
 * each; the {@code latest-good --json} document.
 */
public record LatestGood(String source, String id, String grade, Instant startedAt, Evidence evidence,
        List<Skipped> skipped) {
    public LatestGood {
        skipped = List.copyOf(skipped);
    }

    /** What proves the backup good. */
    public record Evidence(Long verificationId, Instant verifiedAt, String verificationMode, Long trialRestoreId,
            String trialRestoreBackup, Instant trialRestoredAt, Long trialDurationMs) {
    }

    /** A newer backup that is not good, and why. */
    public record Skipped(String id, String grade, String reason) {
    }
}
