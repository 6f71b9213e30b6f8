package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.Role;

/** A signed-in browser: its user, that user's role now, and the token its forms must send back. */
public record SessionRecord(String tokenHash, String user, Role role, String csrfToken, Instant createdAt,
        Instant lastSeenAt, Instant expiresAt) {
}
