package lifeboat.core.catalog;

import java.time.Instant;
import lifeboat.core.model.Role;

/** A user of the web pages; the password hash stays in the store. */
public record UserRecord(String name, Role role, Instant createdAt, Instant changedAt) {
}
