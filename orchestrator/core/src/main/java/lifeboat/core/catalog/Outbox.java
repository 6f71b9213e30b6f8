package lifeboat.core.catalog;

import static lifeboat.core.catalog.Catalog.instant;
import static lifeboat.core.catalog.Catalog.truncate;
import static lifeboat.core.catalog.Catalog.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lifeboat.spi.Notice;

/**
 * The catalog's side of notifications: events, open alerts and the outbox of messages per channel, with every
 * delivery attempt. Callers compose these in {@link Catalog#inTransaction} so an event and its messages are
 * written together. Thread-safe: every method holds the catalog's lock, as the catalog's own methods do.
 */
public final class Outbox {
    private final Catalog catalog;
    private final Connection connection;

    Outbox(Catalog catalog, Connection connection) {
        this.catalog = catalog;
        this.connection = connection;
    }

    /**
     * Records an event; returns its id, or empty when {@code onceKey} was already used (another process or node
     * raised the same one-off event).
     */
    public Optional<Long> insertEvent(Notice n, String alertKey, String onceKey) throws SQLException {
        synchronized (catalog) {
            if (onceKey != null) {
                try (PreparedStatement ps = connection.prepareStatement("select count(*) from events where once_key = ?")) {
                    ps.setString(1, onceKey);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getInt(1) > 0) {
                            return Optional.empty();
                        }
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("insert into events (at, type, severity, source, job,"
                    + " message, kind, advice, alert_key, once_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setTimestamp(1, ts(n.at()));
                ps.setString(2, n.type());
                ps.setString(3, n.severity());
                ps.setString(4, n.source());
                ps.setString(5, truncate(n.reference(), 200));
                ps.setString(6, truncate(n.subject() + ": " + n.text()));
                ps.setString(7, n.kind());
                ps.setString(8, truncate(n.advice(), 2000));
                ps.setString(9, alertKey);
                ps.setString(10, onceKey);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return Optional.of(keys.getLong(1));
                }
            } catch (SQLException e) {
                if (onceKey != null && isUniqueViolation(e)) {
                    return Optional.empty(); // another node won the race for this one-off event
                }
                throw e;
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 23505;
    }

    /** The open alert under {@code key}, locked for the rest of the transaction. */
    public Optional<OpenAlert> openAlert(String key) throws SQLException {
        synchronized (catalog) {
            try (PreparedStatement ps = connection.prepareStatement("select alert_key, type, severity, source, opened_at,"
                    + " last_at, last_sent_at, occurrences, unsent, last_message from open_alerts where alert_key = ?"
                    + " for update")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(openAlert(rs)) : Optional.empty();
                }
            }
        }
    }

    /** Every open alert, oldest first. */
    public List<OpenAlert> openAlerts() throws SQLException {
        synchronized (catalog) {
            List<OpenAlert> out = new ArrayList<>();
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("select alert_key, type, severity, source, opened_at, last_at,"
                            + " last_sent_at, occurrences, unsent, last_message from open_alerts order by opened_at")) {
                while (rs.next()) {
                    out.add(openAlert(rs));
                }
            }
            return out;
        }
    }

    private static OpenAlert openAlert(ResultSet rs) throws SQLException {
        return new OpenAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getInt(8),
                rs.getInt(9), rs.getString(10));
    }

    /** Inserts or replaces the open alert under its key. */
    public void saveAlert(OpenAlert a) throws SQLException {
        synchronized (catalog) {
            try (PreparedStatement del = connection.prepareStatement("delete from open_alerts where alert_key = ?");
                    PreparedStatement ins = connection.prepareStatement("insert into open_alerts (alert_key, type,"
                            + " severity, source, opened_at, last_at, last_sent_at, occurrences, unsent, last_message)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setString(1, a.key());
                del.executeUpdate();
                ins.setString(1, a.key());
                ins.setString(2, a.type());
                ins.setString(3, a.severity());
                ins.setString(4, a.source());
                ins.setTimestamp(5, ts(a.openedAt()));
                ins.setTimestamp(6, ts(a.lastAt()));
                ins.setTimestamp(7, ts(a.lastSentAt()));
                ins.setInt(8, a.occurrences());
                ins.setInt(9, a.unsent());
                ins.setString(10, truncate(a.lastMessage()));
                ins.executeUpdate();
            }
        }
    }

    public void closeAlert(String key) throws SQLException {
        synchronized (catalog) {
            try (PreparedStatement ps = connection.prepareStatement("delete from open_alerts where alert_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        }
    }

    /** Queues a message for one channel; returns its id. */
    public long enqueue(long eventId, String channel, Notice n, Instant expiresAt) throws SQLException {
        synchronized (catalog) {
            try (PreparedStatement ps = connection.prepareStatement("insert into notifications (event_id, channel,"
                    + " created_at, kind, type, severity, source, reference, subject, body, advice, state, attempts,"
                    + " next_attempt_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, eventId);
                ps.setString(2, channel);
                ps.setTimestamp(3, ts(n.at()));
                ps.setString(4, n.kind());
                ps.setString(5, n.type());
                ps.setString(6, n.severity());
                ps.setString(7, n.source());
                ps.setString(8, truncate(n.reference(), 200));
                ps.setString(9, truncate(n.subject(), 500));
                ps.setString(10, truncate(n.text(), 100_000));
                ps.setString(11, truncate(n.advice(), 2000));
                ps.setTimestamp(12, ts(n.at()));
                ps.setTimestamp(13, ts(expiresAt));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }
    }

    /**
     * Claims a message for delivery by {@code node} until {@code until}: only a pending one that is due, or one whose
     * previous claim ran out (its process died mid-send). Returns it when this call won the claim.
     */
    public Optional<NotificationRecord> claim(long id, String node, Instant now, Instant until) throws SQLException {
        synchronized (catalog) {
            try (PreparedStatement ps = connection.prepareStatement("update notifications set state = 'sending',"
                    + " claimed_by = ?, claimed_until = ? where id = ? and ((state = 'pending' and next_attempt_at <= ?)"
                    + " or (state = 'sending' and claimed_until < ?))")) {
                ps.setString(1, node);
                ps.setTimestamp(2, ts(until));
                ps.setLong(3, id);
                ps.setTimestamp(4, ts(now));
                ps.setTimestamp(5, ts(now));
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            List<NotificationRecord> r = query("where id = ?", id);
            return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
        }
    }

    /** Ids of messages due for an attempt at {@code now}, oldest first. */
    public List<Long> due(Instant now, int limit) throws SQLException {
        synchronized (catalog) {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("select id from notifications where"
                    + " (state = 'pending' and next_attempt_at <= ?) or (state = 'sending' and claimed_until < ?)"
                    + " order by id")) {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(now));
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        }
    }

    /** Makes every pending message due now: a daemon that starts tries what is waiting at once, not after a backoff. */
    public int wakePending(Instant now) throws SQLException {
        synchronized (catalog) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "update notifications set next_attempt_at = ? where state = 'pending' and next_attempt_at > ?")) {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(now));
                return ps.executeUpdate();
            }
        }
    }

    /** Records a successful attempt. */
    public void sent(long id, String node, Instant at, String answer) throws SQLException {
        catalog.inTransaction(() -> {
            attempt(id, node, at, true, answer);
            try (PreparedStatement ps = connection.prepareStatement("update notifications set state = 'sent',"
                    + " attempts = attempts + 1, sent_at = ?, answer = ?, claimed_by = null, claimed_until = null"
                    + " where id = ?")) {
                ps.setTimestamp(1, ts(at));
                ps.setString(2, truncate(answer, 2000));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records a failed attempt: tried again at {@code nextAttempt}, or expired when that is null. */
    public void failed(long id, String node, Instant at, String error, Instant nextAttempt) throws SQLException {
        catalog.inTransaction(() -> {
            attempt(id, node, at, false, error);
            try (PreparedStatement ps = connection.prepareStatement("update notifications set state = ?,"
                    + " attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),"
                    + " claimed_by = null, claimed_until = null where id = ?")) {
                ps.setString(1, nextAttempt == null ? "expired" : "pending");
                ps.setString(2, truncate(error, 2000));
                ps.setTimestamp(3, ts(nextAttempt));
                ps.setLong(4, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void attempt(long id, String node, Instant at, boolean ok, String detail) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("insert into notification_attempts (notification_id,"
                + " at, node, ok, detail) values (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, ts(at));
            ps.setString(3, node);
            ps.setBoolean(4, ok);
            ps.setString(5, truncate(detail == null ? "" : detail, 2000));
            ps.executeUpdate();
        }
    }

    /** Messages created at or after {@code since} (all when null), oldest first. */
    public List<NotificationRecord> since(Instant since) throws SQLException {
        synchronized (catalog) {
            return query("where created_at >= ? order by created_at, id", ts(since == null ? Instant.EPOCH : since));
        }
    }

    public Optional<NotificationRecord> notification(long id) throws SQLException {
        synchronized (catalog) {
            List<NotificationRecord> r = query("where id = ?", id);
            return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
        }
    }

    /** One delivery attempt. */
    public record Attempt(Instant at, String node, boolean ok, String detail) {
    }

    public List<Attempt> attempts(long notificationId) throws SQLException {
        synchronized (catalog) {
            List<Attempt> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("select at, node, ok, detail from"
                    + " notification_attempts where notification_id = ? order by at, id")) {
                ps.setLong(1, notificationId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Attempt(instant(rs.getTimestamp(1)), rs.getString(2), rs.getBoolean(3),
                                rs.getString(4)));
                    }
                }
            }
            return out;
        }
    }

    private List<NotificationRecord> query(String where, Object... args) throws SQLException {
        List<NotificationRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id, event_id, channel, created_at, kind, type,"
                + " severity, source, reference, subject, body, advice, state, attempts, next_attempt_at, expires_at,"
                + " sent_at, answer, last_error from notifications " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NotificationRecord(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                            rs.getString(13), rs.getInt(14), instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)),
                            instant(rs.getTimestamp(17)), rs.getString(18), rs.getString(19)));
                }
            }
        }
        return out;
    }
}
