package lifeboat.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * One message for people, in a form every channel can render: a subject line, what happened, and what to do.
 *
 * @param kind what the message is to the people who get it
 * @param type the event type, e.g. {@code backup-failed}, {@code stale-source}, {@code daily-digest}
 * @param source the source or storage target concerned, or null
 * @param reference the backup id or job concerned, or null
 * @param subject one line
 * @param text what happened, plain text, possibly several lines
 * @param advice what to do about it, or null
 */
public record Notice(Kind kind, String type, Severity severity, String source, String reference, Instant at,
        String subject, String text, String advice) {
    public Notice {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(at, "at is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(text, "text is null");
    }

    /** What a message is to its readers. */
    public enum Kind {
        /** Something went wrong, first told. */
        PROBLEM,
        /** Still going on, with a count. */
        REMINDER,
        /** Happened again soon after it was told: recorded, not sent. */
        REPEAT,
        /** Healthy again. */
        RECOVERY,
        /** Daemon started, the daily report. */
        INFO,
        TEST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return label();
        }

        public static Kind of(String label) {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The whole message as plain text: the text, then what to do. */
    public String plainText() {
        return advice == null || advice.isBlank() ? text : text + "\n\nWhat to do: " + advice;
    }
}
