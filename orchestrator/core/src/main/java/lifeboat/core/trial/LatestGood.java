package lifeboat.core.trial;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.VerifyMode;

/**
 * The newest good backup of a source, with the evidence, and the newer backups passed over with the reason for
 * each; the {@code latest-good --json} document.
 */
public record LatestGood(String source, String id, Grade grade, Instant startedAt, Evidence evidence,
        List<Skipped> skipped) {
    public LatestGood {
        skipped = List.copyOf(skipped);
    }

    /** What proves the backup good. */
    public record Evidence(Long verificationId, Instant verifiedAt, VerifyMode verificationMode, Long trialRestoreId,
            String trialRestoreBackup, Instant trialRestoredAt, Long trialDurationMs) {
    }

    /** A newer backup that is not good, and why. */
    public record Skipped(String id, Grade grade, String reason) {
    }
}
