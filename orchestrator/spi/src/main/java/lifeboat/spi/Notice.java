package lifeboat.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One message for people, in a form every channel can render: a subject line, what happened, and what to do.
 *
 * @param kind {@code problem} (new), {@code reminder} (still going on, with a count), {@code recovery} (healthy
 *     again), {@code info} (daemon started, digest) or {@code test}
 * @param type the event type, e.g. {@code backup-failed}, {@code stale-source}, {@code daily-digest}
 * @param severity {@code error}, {@code warning} or {@code info}
 * @param source the source or storage target concerned, or null
 * @param reference the backup id or job concerned, or null
 * @param subject one line
 * @param text what happened, plain text, possibly several lines
 * @param advice what to do about it, or null
 */
public record Notice(String kind, String type, String severity, String source, String reference, Instant at,
        String subject, String text, String advice) {
    public Notice {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(at, "at is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(text, "text is null");
    }

    /** The whole message as plain text: the text, then what to do. */
    public String plainText() {
        return advice == null || advice.isBlank() ? text : text + "\n\nWhat to do: " + advice;
    }
}
