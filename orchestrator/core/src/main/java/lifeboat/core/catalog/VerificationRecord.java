package lifeboat.core.catalog;

import java.time.Instant;

/** The stored result of verifying one backup's copy on one target. */
public record VerificationRecord(long id, String backupId, String storage, String mode, String status,
        Instant startedAt, Instant finishedAt, long objectsChecked, long filesChecked, long bytesRead, int findings) {
}
