package lifeboat.core.catalog;

import java.time.Instant;

/**
 * One entry of the audit log as the catalog holds it.
 *
 * @param entry the canonical JSON that was hashed; the other columns are copies of its fields, for queries
 * @param hash the SHA-256 (hex) of {@code entry}'s UTF-8 bytes
 */
public record AuditRecord(long seq, Instant at, String type, String source, String actor, String entry, String hash) {
}
