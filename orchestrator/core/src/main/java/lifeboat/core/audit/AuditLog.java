package lifeboat.core.audit;

import java.time.Clock;
import lifeboat.core.catalog.AuditStore;

/**
 * The append-only audit log: every entry is canonical JSON holding the SHA-256 of the entry before it, so that
 * editing, removing, inserting or reordering any entry breaks the chain from there ({@link ChainCheck}). Appending
 * never throws: a catalog that cannot take the entry is logged, and the work that happened is not failed for it.
 * Thread-safe; processes and nodes sharing a catalog take turns on the chain's head.
 */
public interface AuditLog {
    /** Records that {@code actor} did or saw {@code event}; returns the entry's sequence number, or -1 if not written. */
    long append(Actor actor, AuditEvent event);

    /** This log with the actor fixed, for services that record what they do on behalf of whoever called them. */
    default AuditTrail as(Actor actor) {
        return event -> append(actor, event);
    }

    /** The log in the catalog's {@code audit_log} table, entries timed by {@code clock}. */
    static AuditLog inCatalog(AuditStore store, Clock clock) {
        return new CatalogAuditLog(store, clock);
    }

    /** A log that keeps nothing, for tests of other things. */
    AuditLog NONE = (actor, event) -> -1;
}
