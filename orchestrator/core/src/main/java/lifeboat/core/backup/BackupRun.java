package lifeboat.core.backup;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import lifeboat.core.verify.VerifyResult;

/**
 * A backup and, when asked for, the full verification that followed it; the {@code backup --json} item (the
 * backup's fields, then {@code verified}).
 *
 * @param verified one result per target, or null when no verification was asked for or the backup failed
 */
public record BackupRun(@JsonUnwrapped BackupResult backup, List<VerifyResult> verified) {
    public BackupRun {
        verified = verified == null ? null : List.copyOf(verified);
    }

    /** The backup is whole and every verification passed. */
    public boolean ok() {
        return backup.ok() && (verified == null || verified.stream().allMatch(VerifyResult::ok));
    }
}
