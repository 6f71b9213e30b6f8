package lifeboat.core.verify;

import java.time.Instant;
import java.util.List;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/** One backup's copy on one target, verified; a {@code verify --json} item. */
public record VerifyResult(
        long verificationId,
        String backup,
        String source,
        String storage,
        VerifyMode mode,
        VerifyStatus status,
        long objectsChecked,
        long filesChecked,
        long bytesRead,
        Instant startedAt,
        Instant finishedAt,
        List<Finding> findings,
        List<String> notes) {
    public boolean ok() {
        return status == VerifyStatus.OK;
    }
}
