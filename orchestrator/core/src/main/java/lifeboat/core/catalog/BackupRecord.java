package lifeboat.core.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;

/**
 * A backup as the catalog knows it.
 *
 * @param parentId the backup this one's changes are relative to (null for a full)
 * @param fullId the full backup at the root of this one's chain (its own id for a full)
 * @param owner {@code host:pid} of the process that wrote it, to tell an interrupted run from a live one
 * @param details JSON: problems, warnings, fingerprint
 */
public record BackupRecord(
        String id,
        String source,
        String sourceType,
        BackupKind kind,
        Level level,
        String parentId,
        String fullId,
        BackupStatus status,
        Instant startedAt,
        Instant finishedAt,
        long files,
        long bytes,
        long storedBytes,
        String owner,
        String error,
        String details) {
    public BackupRecord {
        requireNonNull(id, "id is null");
        requireNonNull(source, "source is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(level, "level is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
