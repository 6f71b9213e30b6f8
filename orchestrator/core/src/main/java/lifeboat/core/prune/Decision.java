package lifeboat.core.prune;

import java.time.Instant;
import lifeboat.core.model.Level;

/**
 * One backup's copy on one target and what prune made of it.
 *
 * @param reason the rules that keep it, or why it is protected, locked or removed
 * @param bytes what its copy there holds: freed when it is removed
 * @param removed whether it is gone now (false in a dry run, and when removing it failed)
 * @param error why removing it failed, or null
 */
public record Decision(String backupId, String target, Instant startedAt, Level level, Verdict verdict, String reason,
        long bytes, boolean removed, String error) {
    Decision done(boolean ok, String why) {
        return new Decision(backupId, target, startedAt, level, verdict, reason, bytes, ok, why);
    }
}
