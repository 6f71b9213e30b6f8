package lifeboat.core.restore;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.RestoreStatus;

/**
 * How a restore ended; the {@code restore --json} document.
 *
 * @param removed files and directories {@code --delete} removed because the backup does not have them
 * @param notes what went right in the end but is worth knowing: copies given up on, temporary files cleaned
 */
public record RestoreResult(
        long restoreId,
        String backup,
        String source,
        String storage,
        String target,
        RestoreStatus status,
        long files,
        long bytes,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        List<String> problems,
        long removed,
        List<String> notes) {
    public RestoreResult {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** A restore that removed nothing and has nothing to note (database restores). */
    public RestoreResult(long restoreId, String backup, String source, String storage, String target,
            RestoreStatus status, long files, long bytes, Instant startedAt, Instant finishedAt, long durationMs,
            List<String> problems) {
        this(restoreId, backup, source, storage, target, status, files, bytes, startedAt, finishedAt, durationMs,
                problems, 0, List.of());
    }

    public boolean ok() {
        return status == RestoreStatus.RESTORED;
    }
}
