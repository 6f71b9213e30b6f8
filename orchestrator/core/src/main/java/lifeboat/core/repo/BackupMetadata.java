package lifeboat.core.repo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;

/**
 * {@code backup.json}: what a backup is, written last, so its presence on a target means every object it lists is
 * durable there. Enough to rebuild the catalog from the repository alone.
 */
public record BackupMetadata(
        int format,
        String id,
        String source,
        String sourceType,
        BackupKind kind,
        Level level,
        String parent,
        String full,
        BackupStatus status,
        Instant startedAt,
        Instant finishedAt,
        long files,
        long bytes,
        long deleted,
        List<StoredObject> objects,
        List<String> problems,
        List<String> warnings,
        Map<String, Object> fingerprint,
        Map<String, Object> encryption) {
    public static final int FORMAT = 1;

    /** An object of the backup, as stored. */
    public record StoredObject(String name, long size, String sha256) {
    }
}
