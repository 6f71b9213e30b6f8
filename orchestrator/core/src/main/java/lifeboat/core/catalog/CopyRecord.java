package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.CopyStatus;

/** A backup's copy on one storage target. */
public record CopyRecord(String backupId, String storage, CopyStatus status, Instant committedAt) {
    public boolean complete() {
        return status == CopyStatus.COMPLETE;
    }
}
