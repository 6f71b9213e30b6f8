package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.NotificationState;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;

/**
 * One message to one channel in the outbox, and how its delivery went.
 */
public record NotificationRecord(long id, long eventId, String channel, Instant createdAt, Notice.Kind kind,
        String type, Severity severity, String source, String reference, String subject, String body, String advice, NotificationState state,
        int attempts, Instant nextAttemptAt, Instant expiresAt, Instant sentAt, String answer, String lastError) {

    public Notice notice() {
        return new Notice(kind, type, severity, source, reference, createdAt, subject, body, advice);
    }
}
