package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.RestoreStatus;

/** A stored restore of one backup from one storage target into {@code target} (a directory or a database). */
public record RestoreRecord(long id, String backupId, String storage, String target, RestoreStatus status, long files,
        long bytes, Instant startedAt, Instant finishedAt, String error) {
}
