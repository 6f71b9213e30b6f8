package lifeboat.core.auditing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint made: the head it signed, and where it was written ({@code audit checkpoint --json}).
 *
 * @param written the storage targets that hold it now
 * @param failed the storage targets it could not be written to, with why
 */
public record CheckpointResult(long seq, String hash, Instant at, long from, int entries, String signature,
        String keyFingerprint, List<String> written, Map<String, String> failed) {
    public boolean ok() {
        return failed.isEmpty() && !written.isEmpty();
    }
}
