package lifeboat.core.events;

import static java.util.Objects.requireNonNull;

import lifeboat.core.model.EventType;
import lifeboat.spi.Severity;

/**
 * Something that went wrong, as the code that found it describes it.
 *
 * @param about what the subject line names: a source, a storage target or a job
 * @param source the source or storage target concerned (for routing rules and listings), or null
 * @param reference the backup id or job concerned, or null
 * @param message what happened, with the error
 * @param advice what to do about it
 * @param key the same problem raised again has the same key: it is then counted, not sent again (see
 *     {@link Events}); null for a one-off notice
 */
public record Alert(EventType type, Severity severity, String about, String source, String reference, String message,
        String advice, String key) {
    public Alert {
        requireNonNull(type, "type is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(about, "about is null");
        requireNonNull(message, "message is null");
    }

    /** A problem of a source or storage target, keyed by its type and that name. */
    public static Alert of(EventType type, String source, String reference, String message, String advice) {
        return new Alert(type, type.severity(), source, source, reference, message, advice, keyOf(type, source));
    }

    public static String keyOf(EventType type, String name) {
        return type.label() + ":" + name;
    }
}
