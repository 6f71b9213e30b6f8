package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lifeboat.core.model.NotificationState;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;

/**
 * Events, open alerts and the outbox of messages per channel, with every delivery attempt: the only place events are
 * written. Callers compose these in {@link Database#inTransaction} so an event and its messages are written
 * together. Thread-safe, as the database is.
 */
public final class EventStore {
    private static final String NOTIFICATION_COLUMNS = "select id, event_id, channel, created_at, kind, type,"
            + " severity, source, reference, subject, body, advice, state, attempts, next_attempt_at, expires_at,"
            + " sent_at, answer, last_error from notifications ";
    private static final String ALERT_COLUMNS = "select alert_key, type, severity, source, opened_at, last_at,"
            + " last_sent_at, occurrences, unsent, last_message from open_alerts ";

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    /** Runs {@code work} in one transaction of the catalog these events are in. */
    public <T> T inTransaction(Database.Work<T> work) throws SQLException {
        return db.inTransaction(work);
    }

    /**
     * Records an event; returns its id, or empty when {@code onceKey} was already used (another process or node
     * raised the same one-off event).
     */
    public Optional<Long> insert(Notice n, String alertKey, String onceKey) throws SQLException {
        if (onceKey != null && db.count("select count(*) from events where once_key = ?", onceKey) > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(db.insert("insert into events (at, type, severity, source, job, message, kind, advice,"
                    + " alert_key, once_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", n.at(), n.type(),
                    n.severity().label(), n.source(), truncate(n.reference(), 200),
                    truncate(n.subject() + ": " + n.text()), n.kind().label(), truncate(n.advice(), 2000), alertKey,
                    onceKey));
        } catch (SQLException e) {
            if (onceKey != null && isUniqueViolation(e)) {
                return Optional.empty(); // another node won the race for this one-off event
            }
            throw e;
        }
    }

    /** A violated unique key: two processes or nodes wrote the same alert or one-off event at once. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 23505;
    }

    /** Events at or after {@code since} (all when null), oldest first. */
    public List<EventRecord> since(Instant since) throws SQLException {
        return db.query("select at, type, severity, kind, source, job, message from events where at >= ?"
                + " order by at, id", rs -> new EventRecord(instant(rs, 1), rs.getString(2),
                        Severity.of(rs.getString(3)), Notice.Kind.of(rs.getString(4)), rs.getString(5),
                        rs.getString(6), rs.getString(7)), since == null ? Instant.EPOCH : since);
    }

    /** The open alert under {@code key}, locked for the rest of the transaction. */
    public Optional<OpenAlert> openAlert(String key) throws SQLException {
        return db.first(ALERT_COLUMNS + "where alert_key = ? for update", EventStore::alert, key);
    }

    /** Every open alert, oldest first. */
    public List<OpenAlert> openAlerts() throws SQLException {
        return db.query(ALERT_COLUMNS + "order by opened_at", EventStore::alert);
    }

    private static OpenAlert alert(ResultSet rs) throws SQLException {
        return new OpenAlert(rs.getString(1), rs.getString(2), Severity.of(rs.getString(3)), rs.getString(4),
                instant(rs, 5), instant(rs, 6), instant(rs, 7), rs.getInt(8), rs.getInt(9), rs.getString(10));
    }

    /** Inserts or replaces the open alert under its key. */
    public void saveAlert(OpenAlert a) throws SQLException {
        db.inTransaction(() -> {
            db.update("delete from open_alerts where alert_key = ?", a.key());
            db.update("insert into open_alerts (alert_key, type, severity, source, opened_at, last_at, last_sent_at,"
                    + " occurrences, unsent, last_message) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.key(), a.type(),
                    a.severity().label(), a.source(), a.openedAt(), a.lastAt(), a.lastSentAt(), a.occurrences(),
                    a.unsent(), truncate(a.lastMessage()));
            return null;
        });
    }

    public void closeAlert(String key) throws SQLException {
        db.update("delete from open_alerts where alert_key = ?", key);
    }

    /** Queues a message for one channel; returns its id. */
    public long enqueue(long eventId, String channel, Notice n, Instant expiresAt) throws SQLException {
        return db.insert("insert into notifications (event_id, channel, created_at, kind, type, severity, source,"
                + " reference, subject, body, advice, state, attempts, next_attempt_at, expires_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", eventId, channel, n.at(), n.kind().label(),
                n.type(), n.severity().label(), n.source(), truncate(n.reference(), 200), truncate(n.subject(), 500),
                truncate(n.text(), 100_000), truncate(n.advice(), 2000), NotificationState.PENDING, n.at(), expiresAt);
    }

    /**
     * Claims a message for delivery by {@code node} until {@code until}: only a pending one that is due, or one whose
     * previous claim ran out (its process died mid-send). Returns it when this call won the claim.
     */
    public Optional<NotificationRecord> claim(long id, String node, Instant now, Instant until) throws SQLException {
        return db.inTransaction(() -> {
            int won = db.update("update notifications set state = ?, claimed_by = ?, claimed_until = ? where id = ?"
                    + " and ((state = ? and next_attempt_at <= ?) or (state = ? and claimed_until < ?))",
                    NotificationState.SENDING, node, until, id, NotificationState.PENDING, now,
                    NotificationState.SENDING, now);
            return won == 1 ? notification(id) : Optional.<NotificationRecord>empty();
        });
    }

    /** Ids of messages due for an attempt at {@code now}, oldest first, at most {@code limit}. */
    public List<Long> due(Instant now, int limit) throws SQLException {
        return db.query("select id from notifications where (state = ? and next_attempt_at <= ?)"
                + " or (state = ? and claimed_until < ?) order by id fetch first " + limit + " rows only",
                rs -> rs.getLong(1), NotificationState.PENDING, now, NotificationState.SENDING, now);
    }

    /** Makes every pending message due now: a daemon that starts tries what is waiting at once, not after a backoff. */
    public int wakePending(Instant now) throws SQLException {
        return db.update("update notifications set next_attempt_at = ? where state = ? and next_attempt_at > ?", now,
                NotificationState.PENDING, now);
    }

    /** Records a successful attempt. */
    public void sent(long id, String node, Instant at, String answer) throws SQLException {
        db.inTransaction(() -> {
            attempt(id, node, at, true, answer);
            db.update("update notifications set state = ?, attempts = attempts + 1, sent_at = ?, answer = ?,"
                    + " claimed_by = null, claimed_until = null where id = ?", NotificationState.SENT, at,
                    truncate(answer, 2000), id);
            return null;
        });
    }

    /** Records a failed attempt: tried again at {@code nextAttempt}, or expired when that is null. */
    public void failed(long id, String node, Instant at, String error, Instant nextAttempt) throws SQLException {
        db.inTransaction(() -> {
            attempt(id, node, at, false, error);
            db.update("update notifications set state = ?, attempts = attempts + 1, last_error = ?,"
                    + " next_attempt_at = coalesce(?, next_attempt_at), claimed_by = null, claimed_until = null"
                    + " where id = ?", nextAttempt == null ? NotificationState.EXPIRED : NotificationState.PENDING,
                    truncate(error, 2000), nextAttempt, id);
            return null;
        });
    }

    private void attempt(long id, String node, Instant at, boolean ok, String detail) throws SQLException {
        db.update("insert into notification_attempts (notification_id, at, node, ok, detail) values (?, ?, ?, ?, ?)",
                id, at, node, ok, truncate(detail == null ? "" : detail, 2000));
    }

    /** Messages created at or after {@code since} (all when null), oldest first. */
    public List<NotificationRecord> notificationsSince(Instant since) throws SQLException {
        return db.query(NOTIFICATION_COLUMNS + "where created_at >= ? order by created_at, id", EventStore::notification,
                since == null ? Instant.EPOCH : since);
    }

    public Optional<NotificationRecord> notification(long id) throws SQLException {
        return db.first(NOTIFICATION_COLUMNS + "where id = ?", EventStore::notification, id);
    }

    /** One delivery attempt. */
    public record Attempt(Instant at, String node, boolean ok, String detail) {
    }

    public List<Attempt> attempts(long notificationId) throws SQLException {
        return db.query("select at, node, ok, detail from notification_attempts where notification_id = ?"
                + " order by at, id", rs -> new Attempt(instant(rs, 1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4)), notificationId);
    }

    private static NotificationRecord notification(ResultSet rs) throws SQLException {
        return new NotificationRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), instant(rs, 4),
                Notice.Kind.of(rs.getString(5)), rs.getString(6), Severity.of(rs.getString(7)), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                NotificationState.of(rs.getString(13)), rs.getInt(14), instant(rs, 15), instant(rs, 16),
                instant(rs, 17), rs.getString(18), rs.getString(19));
    }
}
