package lifeboat.core.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Something an operator should hear about (a failed or late job); notifications will read these. */
public record EventRecord(Instant at, String type, String severity, String source, String job, String message) {
    public EventRecord {
        requireNonNull(at, "at is null");
        requireNonNull(type, "type is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(message, "message is null");
    }
}
