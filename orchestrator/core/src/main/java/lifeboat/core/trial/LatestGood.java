package lifeboat.core.trial;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.VerifyMode;

/**
 * The newest good backup of a source, with the evidence, and the newer backups passed over with the reason for
 * each; the {@code latest-good --json} document.
 *
 * @param storage the storage target whose copy was verified good (a restore prefers it)
 * @param requireTrial whether good needed a passed trial restore here
 * @param lastPassedTrial the source's newest passed trial restore, of whichever backup; null when none ever passed
 */
public record LatestGood(String source, String id, Grade grade, Instant startedAt, String storage, boolean requireTrial,
        Evidence evidence, SourceTrial lastPassedTrial, List<Skipped> skipped) {
    public LatestGood {
        skipped = List.copyOf(skipped);
    }

    /** What proves the backup good. */
    public record Evidence(Long verificationId, Instant verifiedAt, VerifyMode verificationMode, Long trialRestoreId,
            String trialRestoreBackup, Instant trialRestoredAt, Long trialDurationMs) {
    }

    /** A passed trial restore of the source: when, of which backup, and how long ago. */
    public record SourceTrial(long id, String backup, Instant at, long ageMs, Long durationMs) {
    }

    /** A newer backup that is not good, and why. */
    public record Skipped(String id, Grade grade, String reason) {
    }
}
