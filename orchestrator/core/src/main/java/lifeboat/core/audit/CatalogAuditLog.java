package lifeboat.core.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import lifeboat.core.catalog.AuditRecord;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.catalog.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in the catalog. Each append locks the chain's head row, links the new entry to it, inserts the entry
 * and moves the head, in one transaction: writers in other processes or nodes wait for the lock, so the chain never
 * forks. A writer that still collides (an H2 lock timeout, a duplicate sequence number) tries again.
 */
final class CatalogAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogAuditLog.class);
    private static final int ATTEMPTS = 20;

    private final AuditStore store;
    private final Clock clock;

    CatalogAuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public long append(Actor actor, AuditEvent event) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return store.inTransaction(() -> {
                    AuditStore.Head head = store.lockHead();
                    AuditRecord r = entry(head.seq() + 1, head.hash(), clock.instant(), actor, event);
                    store.append(r);
                    return r.seq();
                });
            } catch (SQLException e) {
                last = e;
                if (!collision(e)) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("audit log: cannot record {} of {}: {}", event.type(), event.source(), e.toString());
                return -1;
            }
        }
        LOG.error("audit log: cannot record {} of {}: {}", event.type(), event.source(), last.getMessage());
        return -1;
    }

    /** Another writer held the head too long (H2's lock timeout) or took the same sequence number. */
    private static boolean collision(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return Database.isHandover(e) || "23505".equals(state) || e.getErrorCode() == 23505
                || e.getErrorCode() == 50200 || state.startsWith("40") || e.getErrorCode() == 90131;
    }

    /** The entry that follows {@code prev} at {@code seq}: canonical JSON and its hash. */
    static AuditRecord entry(long seq, String prev, Instant at, Actor actor, AuditEvent event) {
        Instant time = at.truncatedTo(ChronoUnit.MICROS); // what the catalog's timestamps keep
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("at", time.toString());
        m.put("actor", actor.toMap());
        m.put("type", event.type().label());
        if (event.source() != null) {
            m.put("source", event.source());
        }
        m.put("event", event.details());
        m.put("prev", prev);
        String json = Canonical.json(m);
        return new AuditRecord(seq, time, event.type().label(), event.source(), actor.label(), json,
                Canonical.sha256(json));
    }
}
