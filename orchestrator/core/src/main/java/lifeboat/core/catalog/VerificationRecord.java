package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/** The stored result of verifying one backup's copy on one target. */
public record VerificationRecord(long id, String backupId, String storage, VerifyMode mode, VerifyStatus status,
        Instant startedAt, Instant finishedAt, long objectsChecked, long filesChecked, long bytesRead, int findings) {
    public boolean ok() {
        return status == VerifyStatus.OK;
    }
}
