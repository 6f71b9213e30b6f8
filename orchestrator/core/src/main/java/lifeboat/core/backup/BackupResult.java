package lifeboat.core.backup;

import java.time.Instant;
import java.util.List;

/**
 * How one backup ended; the {@code backup --json} item.
 *
 * @param requestedLevel the level asked for; differs from {@code level} when no full existed yet
 * @param files regular files in the source (for databases: dump parts)
 * @param bytes bytes of those files
 * @param storedBytes compressed bytes written to each target
 */
public record BackupResult(
        String id,
        String source,
        String level,
        String requestedLevel,
        String parent,
        String status,
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
        String error) {
    public boolean ok() {
        return "complete".equals(status);
    }
}
