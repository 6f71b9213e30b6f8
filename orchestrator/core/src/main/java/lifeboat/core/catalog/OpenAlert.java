package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.spi.Severity;

/**
 * A problem still going on: the first and latest time it was seen, when people were last told, and how often it
 * happened since.
 *
 * @param unsent occurrences since people were last told
 */
public record OpenAlert(String key, String type, Severity severity, String source, Instant openedAt, Instant lastAt,
        Instant lastSentAt, int occurrences, int unsent, String lastMessage) {
}
