package lifeboat.core.auditing;

import java.time.Instant;
import java.util.Map;

/** One audit entry, for {@code audit log}: its columns, and what it recorded. */
public record LogEntry(long seq, Instant at, String type, String source, String actor, Map<String, Object> event,
        String hash) {
}
