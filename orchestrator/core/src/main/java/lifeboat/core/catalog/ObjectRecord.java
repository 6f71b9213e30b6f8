package lifeboat.core.catalog;

import java.time.Instant;

/** One stored object of a backup on one storage target. */
public record ObjectRecord(String backupId, String storage, String key, long size, String sha256, Instant lastVerifiedAt) {
}
