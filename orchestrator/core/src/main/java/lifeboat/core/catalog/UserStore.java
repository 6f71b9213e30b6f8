package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lifeboat.core.model.Role;

/**
 * The web pages' users, their sessions and the record of logins and actions. Only hashes of passwords and session
 * tokens are kept. Thread-safe, as the database is.
 */
public final class UserStore {
    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** Adds a user; false when one of that name exists. */
    public boolean add(String name, Role role, String passwordHash, Instant at) throws SQLException {
        return db.inTransaction(() -> {
            if (db.count("select count(*) from web_users where name = ?", name) > 0) {
                return false;
            }
            db.update("insert into web_users (name, role, password_hash, created_at, changed_at) values (?, ?, ?, ?, ?)",
                    name, role, passwordHash, at, at);
            return true;
        });
    }

    public List<UserRecord> all() throws SQLException {
        return db.query("select name, role, created_at, changed_at from web_users order by name",
                rs -> new UserRecord(rs.getString(1), Role.of(rs.getString(2)), instant(rs, 3), instant(rs, 4)));
    }

    public Optional<UserRecord> user(String name) throws SQLException {
        return db.first("select name, role, created_at, changed_at from web_users where name = ?",
                rs -> new UserRecord(rs.getString(1), Role.of(rs.getString(2)), instant(rs, 3), instant(rs, 4)), name);
    }

    public Optional<String> passwordHash(String name) throws SQLException {
        return db.first("select password_hash from web_users where name = ?", rs -> rs.getString(1), name);
    }

    /** Removes a user and their sessions; false when there is none of that name. */
    public boolean remove(String name) throws SQLException {
        return db.inTransaction(() -> {
            db.update("delete from web_sessions where user_name = ?", name);
            return db.update("delete from web_users where name = ?", name) > 0;
        });
    }

    /** Sets a new password hash and ends the user's sessions; false when there is no such user. */
    public boolean changePassword(String name, String passwordHash, Instant at) throws SQLException {
        return db.inTransaction(() -> {
            db.update("delete from web_sessions where user_name = ?", name);
            return db.update("update web_users set password_hash = ?, changed_at = ? where name = ?", passwordHash, at,
                    name) > 0;
        });
    }

    public void addSession(String tokenHash, String user, String csrf, Instant at, Instant expires) throws SQLException {
        db.update("insert into web_sessions (token_hash, user_name, csrf_token, created_at, last_seen_at, expires_at)"
                + " values (?, ?, ?, ?, ?, ?)", tokenHash, user, csrf, at, at, expires);
    }

    /** The session with this token hash, unexpired at {@code now}, with its user's current role. */
    public Optional<SessionRecord> session(String tokenHash, Instant now) throws SQLException {
        return db.first("select s.token_hash, s.user_name, u.role, s.csrf_token, s.created_at, s.last_seen_at,"
                + " s.expires_at from web_sessions s join web_users u on u.name = s.user_name"
                + " where s.token_hash = ? and s.expires_at > ?", rs -> new SessionRecord(rs.getString(1),
                        rs.getString(2), Role.of(rs.getString(3)), rs.getString(4), instant(rs, 5), instant(rs, 6),
                        instant(rs, 7)), tokenHash, now);
    }

    public void touch(String tokenHash, Instant now, Instant expires) throws SQLException {
        db.update("update web_sessions set last_seen_at = ?, expires_at = ? where token_hash = ?", now, expires,
                tokenHash);
    }

    public void removeSession(String tokenHash) throws SQLException {
        db.update("delete from web_sessions where token_hash = ?", tokenHash);
    }

    public int removeExpired(Instant now) throws SQLException {
        return db.update("delete from web_sessions where expires_at <= ?", now);
    }

    public void record(Instant at, String user, String client, String action, boolean ok, String detail)
            throws SQLException {
        db.insert("insert into web_actions (at, user_name, client, action, ok, detail) values (?, ?, ?, ?, ?, ?)", at,
                truncate(user, 64), truncate(client, 100), action, ok, truncate(detail, 2000));
    }

    /** Failed logins for this user name since {@code since}. */
    public long failedLoginsOf(String user, Instant since) throws SQLException {
        return db.count("select count(*) from web_actions where action = 'login' and ok = false and at >= ?"
                + " and user_name = ?", since, truncate(user, 64));
    }

    /** Failed logins from this client address since {@code since}. */
    public long failedLoginsFrom(String client, Instant since) throws SQLException {
        return db.count("select count(*) from web_actions where action = 'login' and ok = false and at >= ?"
                + " and client = ?", since, truncate(client, 100));
    }

    /** Logins and actions at or after {@code since}, oldest first. */
    public List<WebActionRecord> actions(Instant since) throws SQLException {
        return db.query("select id, at, user_name, client, action, ok, detail from web_actions where at >= ?"
                + " order by at, id", rs -> new WebActionRecord(rs.getLong(1), instant(rs, 2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7)), since);
    }
}
