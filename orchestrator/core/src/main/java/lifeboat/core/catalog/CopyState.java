package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/**
 * A backup's copy with what its verifications and stored objects prove, as its catalog row keeps it (every write
 * that changes them brings it up to date in the same transaction): grading and listing read this instead of every
 * verification and object of the copy.
 *
 * @param newest the copy's newest verification of any kind (equal finish times: the higher id); null when none
 * @param failed its newest failed verification (equal finish times: the lower id); null when none
 * @param proof its newest passed full or sample verification (equal finish times: the lower id); null when none
 * @param objectsVerified whether every stored object of the copy has been re-read and matched at least once (by
 *     full, sample or rolling verifications together); false for a copy without objects
 */
public record CopyState(CopyRecord copy, Verified newest, Verified failed, Verified proof, boolean objectsVerified) {

    /** One verification of the copy, as much of it as grading and listing show. */
    public record Verified(long id, Instant finishedAt, VerifyMode mode, VerifyStatus status, int findings) {
        public boolean ok() {
            return status == VerifyStatus.OK;
        }
    }
}
