package lifeboat.core.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import lifeboat.core.model.CopyHealth;
import lifeboat.core.model.VerifyMode;

/**
 * A backup's copy on one target with its verification state: the newest verification of that copy that finished
 * after the copy was committed (a copy whose objects were replaced since is not judged by what was there before).
 *
 * @param verificationId the verification the state comes from; null when never verified
 */
public record CopyCheck(String storage, boolean complete, CopyHealth health, Long verificationId, Instant verifiedAt,
        VerifyMode mode) {

    /** @param verifications verifications of the copy's backup, on any target */
    public static CopyCheck of(CopyRecord copy, List<VerificationRecord> verifications) {
        VerificationRecord last = verifications.stream()
                .filter(v -> v.backupId().equals(copy.backupId()) && v.storage().equals(copy.storage()))
                .filter(v -> v.finishedAt() != null
                        && (copy.committedAt() == null || !v.finishedAt().isBefore(copy.committedAt())))
                .max(Comparator.comparing(VerificationRecord::finishedAt).thenComparing(VerificationRecord::id))
                .orElse(null);
        if (last == null) {
            return new CopyCheck(copy.storage(), copy.complete(), CopyHealth.NEVER_VERIFIED, null, null, null);
        }
        return new CopyCheck(copy.storage(), copy.complete(), last.ok() ? CopyHealth.VERIFIED_GOOD : CopyHealth.CORRUPT,
                last.id(), last.finishedAt(), last.mode());
    }

    /** The same state from what the copy's row keeps: its newest verification, if it finished after the commit. */
    public static CopyCheck of(CopyState state) {
        CopyRecord copy = state.copy();
        CopyState.Verified last = state.newest();
        if (last == null || (copy.committedAt() != null && last.finishedAt().isBefore(copy.committedAt()))) {
            // the newest verification is older than the copy: so is every other
            return new CopyCheck(copy.storage(), copy.complete(), CopyHealth.NEVER_VERIFIED, null, null, null);
        }
        return new CopyCheck(copy.storage(), copy.complete(), last.ok() ? CopyHealth.VERIFIED_GOOD : CopyHealth.CORRUPT,
                last.id(), last.finishedAt(), last.mode());
    }

    /** For people: {@code verified good (full, verification 7 at …)}, {@code corrupt (…)}, {@code never verified}. */
    public String describe() {
        if (health == CopyHealth.NEVER_VERIFIED) {
            return "never verified";
        }
        return health.label().replace('-', ' ') + " (" + mode + " verification " + verificationId + " at " + verifiedAt
                + ")";
    }
}
