package lifeboat.core.restore;

import java.time.Instant;
import java.util.List;

/** How a restore ended; the {@code restore --json} document. */
public record RestoreResult(
        long restoreId,
        String backup,
        String source,
        String storage,
        String target,
        String status,
        long files,
        long bytes,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        List<String> problems) {
    public boolean ok() {
        return "restored".equals(status);
    }
}
