package lifeboat.core.verify;

import java.time.Instant;
import java.util.List;

/** One backup's copy on one target, verified; a {@code verify --json} item. */
public record VerifyResult(
        long verificationId,
        String backup,
        String source,
        String storage,
        String mode,
        String status,
        long objectsChecked,
        long filesChecked,
        long bytesRead,
        Instant startedAt,
        Instant finishedAt,
        List<Finding> findings,
        List<String> notes) {
    public boolean ok() {
        return "ok".equals(status);
    }
}
