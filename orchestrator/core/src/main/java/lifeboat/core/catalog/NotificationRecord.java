package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.spi.Notice;

/**
 * One message to one channel in the outbox, and how its delivery went.
 *
 * @param state {@code pending} (to be tried at {@code nextAttemptAt}), {@code sending} (claimed by a process),
 *     {@code sent}, or {@code expired} (not delivered before {@code expiresAt})
 */
public record NotificationRecord(long id, long eventId, String channel, Instant createdAt, String kind, String type,
        String severity, String source, String reference, String subject, String body, String advice, String state,
        int attempts, Instant nextAttemptAt, Instant expiresAt, Instant sentAt, String answer, String lastError) {

    public Notice notice() {
        return new Notice(kind, type, severity, source, reference, createdAt, subject, body, advice);
    }
}
