package lifeboat.core.restore;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.RestoreStatus;

/** How a restore ended; the {@code restore --json} document. */
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
        List<String> problems) {
    public boolean ok() {
        return status == RestoreStatus.RESTORED;
    }
}
