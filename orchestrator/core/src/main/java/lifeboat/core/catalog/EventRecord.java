package lifeboat.core.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;

/** Something that happened and was recorded, whether or not a message went out for it. */
public record EventRecord(Instant at, String type, Severity severity, Notice.Kind kind, String source, String job,
        String message) {
    public EventRecord {
        requireNonNull(at, "at is null");
        requireNonNull(type, "type is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(message, "message is null");
    }
}
