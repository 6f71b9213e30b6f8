package lifeboat.core.catalog;

import java.time.Instant;

/** A backup's copy on one storage target: {@code complete} once all its objects are durable there. */
public record CopyRecord(String backupId, String storage, String status, Instant committedAt) {
}
