package lifeboat.core.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;

/**
 * How one backup ended; the {@code backup --json} item.
 *
 * @param requestedLevel the level asked for; differs from {@code level} when no full existed yet
 * @param files regular files in the source (for databases: dump parts)
 * @param bytes bytes of those files
 * @param storedBytes compressed bytes written to each target
 * @param cause the exception behind a failure, when there was one: the daemon retries transient ones; not in JSON
 */
public record BackupResult(
        String id,
        String source,
        Level level,
        Level requestedLevel,
        String parent,
        BackupStatus status,
        long files,
        long bytes,
        long changedFiles,
        long changedBytes,
        long deletedFiles,
        long storedBytes,
        Instant startedAt,
        Instant finishedAt,
        List<String> targets,
        List<String> problems,
        List<String> warnings,
        String note,
        String error,
        @JsonIgnore Throwable cause) {
    public boolean ok() {
        return status == BackupStatus.COMPLETE;
    }
}
