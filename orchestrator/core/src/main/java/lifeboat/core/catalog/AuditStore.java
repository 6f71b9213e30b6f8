package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's tables: the entries and the chain's head. Only appended to: nothing here updates or deletes an
 * entry. Callers hold the head's lock ({@link #lockHead()}) in one transaction with the insert that follows it.
 */
public final class AuditStore {
    private static final String COLUMNS = "select seq, at, type, source, actor, entry, hash from audit_log ";

    private final Database db;

    public AuditStore(Database db) {
        this.db = db;
    }

    /** The chain's head: the newest entry's sequence number and hash (0 and zeros before the first). */
    public record Head(long seq, String hash) {
    }

    /** Runs {@code work} in one transaction of the catalog the log is in. */
    public <T> T inTransaction(Database.Work<T> work) throws SQLException {
        return db.inTransaction(work);
    }

    /** The head, locked until the transaction ends: every other writer waits here for its turn. */
    public Head lockHead() throws SQLException {
        return db.first("select seq, hash from audit_head where id = 1 for update",
                rs -> new Head(rs.getLong(1), rs.getString(2))).orElseThrow(() -> new SQLException(
                        "the audit log's head row is missing from the catalog"));
    }

    /** The head as recorded, without locking it. */
    public Head head() throws SQLException {
        return db.first("select seq, hash from audit_head where id = 1", rs -> new Head(rs.getLong(1),
                rs.getString(2))).orElse(new Head(-1, ""));
    }

    /** Appends an entry and moves the head to it; call inside the transaction that locked the head. */
    public void append(AuditRecord r) throws SQLException {
        db.update("insert into audit_log (seq, at, type, source, actor, entry, hash) values (?, ?, ?, ?, ?, ?, ?)",
                r.seq(), r.at(), r.type(), r.source(), r.actor(), r.entry(), r.hash());
        db.update("update audit_head set seq = ?, hash = ? where id = 1", r.seq(), r.hash());
    }

    /** Entries after {@code afterSeq} in sequence order, at most {@code limit}: the log read page by page. */
    public List<AuditRecord> page(long afterSeq, int limit) throws SQLException {
        return db.query(COLUMNS + "where seq > ? order by seq fetch first " + limit + " rows only", AuditStore::row,
                afterSeq);
    }

    /** Entries at or after {@code since} (all when null), of {@code source} when not null, in sequence order. */
    public List<AuditRecord> since(Instant since, String source, int limit) throws SQLException {
        return source == null
                ? db.query(COLUMNS + "where at >= ? order by seq fetch first " + limit + " rows only", AuditStore::row,
                        since == null ? Instant.EPOCH : since)
                : db.query(COLUMNS + "where at >= ? and source = ? order by seq fetch first " + limit + " rows only",
                        AuditStore::row, since == null ? Instant.EPOCH : since, source);
    }

    public Optional<AuditRecord> entry(long seq) throws SQLException {
        return db.first(COLUMNS + "where seq = ?", AuditStore::row, seq);
    }

    /** The newest entry of {@code type}, if any. */
    public Optional<AuditRecord> latest(String type) throws SQLException {
        return db.first(COLUMNS + "where seq = (select max(seq) from audit_log where type = ?)", AuditStore::row, type);
    }

    /** The newest entry of {@code type} whose JSON holds {@code fragment}, if any. */
    public Optional<AuditRecord> latestContaining(String type, String fragment) throws SQLException {
        return db.first(COLUMNS + "where type = ? and entry like ? order by seq desc fetch first 1 rows only",
                AuditStore::row, type, "%" + fragment.replace("%", "\\%").replace("_", "\\_") + "%");
    }

    /** Entries of {@code type} from {@code from} (inclusive) to {@code to} (exclusive), in sequence order. */
    public List<AuditRecord> ofType(String type, Instant from, Instant to) throws SQLException {
        return db.query(COLUMNS + "where type = ? and at >= ? and at < ? order by seq", AuditStore::row, type, from, to);
    }

    public long count() throws SQLException {
        return db.count("select count(*) from audit_log");
    }

    private static AuditRecord row(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7));
    }
}
