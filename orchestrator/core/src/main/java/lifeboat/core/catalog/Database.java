package lifeboat.core.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lifeboat.core.model.Labeled;
import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

/**
 * The catalog database, H2 (embedded, the default) or PostgreSQL, its schema kept by Flyway migrations chosen per
 * database, and the one way the stores talk to it. One connection; thread-safe because every call holds this
 * object's lock. A statement outside {@link #inTransaction} commits on its own; work inside one commits together
 * or not at all, and transactions nest (the outermost one commits), so a store's method can be composed with
 * another store's in one transaction.
 * <p>
 * An H2 file is shared by Lifeboat processes in auto-server mode: the first to open it serves it to the others, and
 * when that process ends, their connections break and one of them takes the file over. Every statement outside a
 * transaction, and every outermost transaction as a whole, is therefore run again on a new connection when it fails
 * with such a handover error ({@link Handover}), for up to about twenty seconds.
 * <p>
 * A handover can break the connection after the serving process applied a statement or a commit and before its
 * answer arrived. Running that work again must not apply it twice: each H2 transaction leaves a mark in
 * {@code catalog_commits} that the retry looks for first, and a statement outside a transaction that was broken
 * off and then finds its own row already there (a unique key violation) counts as applied.
 */
public final class Database implements AutoCloseable {
    /** The newest migration's version; raise it with every new {@code V<n>__*.sql} (a test checks). */
    static final int SCHEMA_VERSION = 15;
    /** How long a transaction's commit mark is kept: far longer than any handover lasts. */
    private static final Duration MARK_KEPT = Duration.ofHours(1);
    /** How configurations name an H2 file catalog, and how it is opened. */
    static final String H2_FILE = "jdbc:h2:file:";
    static final String H2_RETRYING_FILE = "jdbc:h2:retry:";

    private Connection connection;
    private final String url;
    private final boolean h2;
    private final Connector connector;
    private int depth;

    private Database(Connection connection, String url, Connector connector) {
        this.connection = connection;
        this.url = url;
        this.h2 = url.startsWith("jdbc:h2:");
        this.connector = connector;
    }

    /** How a new connection to the catalog is made; tests put a connection that fails on cue in between. */
    interface Connector {
        Connection connect(String url) throws SQLException;
    }

    /** Opens the catalog and brings its schema up to date. */
    public static Database open(String url) throws SQLException {
        return open(url, Database::connect);
    }

    static Database open(String url, Connector connector) throws SQLException {
        String effective = effectiveUrl(url);
        for (int attempt = 1; ; attempt++) {
            Connection c = connector.connect(effective);
            try {
                if (!upToDate(c)) {
                    String vendor = effective.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
                    Flyway.configure(Database.class.getClassLoader())
                            .dataSource(effective, null, null)
                            .locations("classpath:db/migration/" + vendor)
                            .failOnMissingLocations(true)
                            .load()
                            .migrate();
                }
                c.setAutoCommit(true);
                return new Database(streaming(c), effective, connector);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                if (!Handover.isHandover(e) || !Handover.pause(attempt)) {
                    throw Handover.explained(e, effective, attempt);
                }
            }
        }
    }

    /**
     * A new connection to {@code url}, riding out an H2 auto-server handover: the newcomer may read the leaving
     * server's address from the lock file and be refused, or find the file still locked; a moment later it can open
     * the file itself or reach the new server. Fails with a message naming the catalog when the handover does not end.
     */
    public static Connection connect(String url) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                if (!Handover.isHandover(e) || !Handover.pause(attempt)) {
                    throw Handover.explained(e, url, attempt);
                }
            }
        }
    }

    /**
     * Waits, up to {@code within}, until this process can open the H2 file itself and so serve it to the others,
     * and returns that connection (keep it open: the process serves the file while it is). A process that serves
     * the file is never hit by a handover; one that is served is, each time its server ends. Returns null on a
     * PostgreSQL catalog, or when other processes kept the file busy all along (then this one is served, and rides
     * out the handovers).
     */
    public static Connection serveFile(String url, Duration within) throws SQLException {
        String effective = effectiveUrl(url);
        if (!effective.startsWith(H2_RETRYING_FILE)) {
            return null;
        }
        Instant until = Instant.now().plus(within);
        while (true) {
            Connection c = connect(effective);
            if (openedHere(c)) {
                return c;
            }
            closeQuietly(c);
            if (Instant.now().isAfter(until)) {
                return null;
            }
            try {
                Thread.sleep(200); // polling: H2 tells no one when its serving process lets go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Has an H2 file this process opened itself hand each query's rows over as it reads them. Otherwise H2 keeps a
     * result of more than a number of rows scaled to the heap (5,000 with {@code -Xmx128m}) in a temporary file,
     * written and read back: a {@code list} of 50,000 backups took 9 s instead of 3 (README "Performance"). Every
     * query here reads its rows at once under this object's lock, so no two results of the session are open at a
     * time. A connection served by another process over TCP is left as it is.
     */
    private static Connection streaming(Connection c) throws SQLException {
        if (openedHere(c)) {
            try (Statement st = c.createStatement()) {
                st.execute("set lazy_query_execution true");
            }
        }
        return c;
    }

    /** Whether {@code c} is an H2 session on a file this process opened itself (not one served by another). */
    private static boolean openedHere(Connection c) throws SQLException {
        return c.isWrapperFor(JdbcConnection.class) && c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection cannot be closed any better
        }
    }

    /**
     * Flyway takes about a second to start; every CLI command opens the catalog, so skip it when the newest
     * migration has already been applied.
     */
    private static boolean upToDate(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from \"flyway_schema_history\" where \"version\" = '"
                        + SCHEMA_VERSION + "' and \"success\" = true")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
            if (Handover.isHandover(e)) {
                throw e;
            }
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // the migration below reports real problems
            }
            return false;
        }
    }

    /**
     * An H2 file catalog is opened in auto-server mode, so a second Lifeboat process (a {@code list} while a backup
     * runs) shares it instead of failing on the file lock, and with every commit written at once. Its file is opened
     * through H2's {@code retry:} file system: a thread interrupted in the middle of the file's I/O (a pool shut down
     * around it) would otherwise close the file for the whole process, and release its lock, in the middle of work.
     */
    public static String effectiveUrl(String url) {
        if (!url.startsWith(H2_FILE)) {
            return url;
        }
        if (!url.toUpperCase().contains("AUTO_SERVER")) {
            url = url + ";AUTO_SERVER=TRUE";
        }
        if (!url.toUpperCase().contains("WRITE_DELAY")) {
            // H2 writes commits up to 500 ms late by default: a run killed within that time would lose its
            // 'running' row, and with it the Janitor's only way to find and remove what the run left on storage
            url = url + ";WRITE_DELAY=0";
        }
        return H2_RETRYING_FILE + url.substring(H2_FILE.length());
    }

    /** Whether {@code t} is an H2 catalog passing from one process to another, worth trying again in a moment. */
    public static boolean isHandover(Throwable t) {
        return Handover.isHandover(t);
    }

    /** Waits before attempt {@code attempt + 1} after a handover; false when there is none left. */
    public static boolean pauseForHandover(int attempt) {
        return Handover.pause(attempt);
    }

    /** Whether the catalog answers a trivial query now. */
    public boolean reachable() {
        try {
            return count("select 1") == 1;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The URL in use, for messages; credentials in it are masked. */
    public String describe() {
        return masked(url);
    }

    /** A catalog URL fit for a message: its password masked. */
    public static String masked(String url) {
        return Handover.masked(url);
    }

    /**
     * Runs {@code work} as one transaction: all of it is committed, or none of it. The outermost transaction runs
     * again from the start on a new connection when the catalog was being handed over to another process.
     */
    public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
        if (depth > 0) {
            depth++;
            try {
                return work.run();
            } finally {
                depth--;
            }
        }
        String mark = h2 ? UUID.randomUUID().toString() : null;
        Commit<T> commit = new Commit<>();
        return retrying(() -> {
            if (commit.uncertain && mark != null) {
                if (committed(mark)) {
                    return commit.result;
                }
                commit.uncertain = false;
            }
            connection.setAutoCommit(false);
            depth = 1;
            try {
                T result = work.run();
                if (mark != null) {
                    mark(mark);
                }
                commit.result = result;
                commit.uncertain = true;
                connection.commit();
                commit.uncertain = false;
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    if (!Handover.isHandover(rollback)) {
                        e.addSuppressed(rollback);
                    }
                }
                throw e;
            } finally {
                depth = 0;
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection is replaced before the next statement
                }
            }
        }, null);
    }

    /** A transaction's result, and whether its commit was sent without an answer (it may have been applied). */
    private static final class Commit<T> {
        T result;
        boolean uncertain;
    }

    /** Leaves this transaction's mark, and clears the marks of transactions long settled. */
    private void mark(String mark) throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement sweep = connection.prepareStatement("delete from catalog_commits where at < ?");
                PreparedStatement insert =
                        connection.prepareStatement("insert into catalog_commits (mark, at) values (?, ?)")) {
            bind(sweep, now.minus(MARK_KEPT));
            sweep.executeUpdate();
            bind(insert, mark, now);
            insert.executeUpdate();
        }
    }

    private boolean committed(String mark) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select 1 from catalog_commits where mark = ?")) {
            bind(ps, mark);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Runs {@code work}, and on an H2 handover error again on a new connection. Inside a transaction the error goes
     * up to the outermost transaction, which runs again as a whole. When a run broken off by a handover is followed
     * by one that finds its key already taken, the first one was applied: {@code applied} then gives the result (or,
     * when null, the violation stands).
     */
    private <T> T retrying(Work<T> work, Work<T> applied) throws SQLException {
        if (!h2 || depth > 0) {
            return work.run();
        }
        boolean brokenOff = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException | RuntimeException e) {
                if (brokenOff && applied != null && isUniqueViolation(e)) {
                    return applied.run();
                }
                if (!Handover.isHandover(e) || !Handover.pause(attempt)) {
                    throw Handover.explained(e, url, attempt);
                }
                brokenOff = true;
                closeQuietly(connection);
                connection = streaming(connector.connect(url));
                connection.setAutoCommit(true);
            }
        }
    }

    private static boolean isUniqueViolation(Exception e) {
        return e instanceof SQLException s && "23505".equals(s.getSQLState());
    }

    /** Catalog work that may fail with an SQLException. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Reads one row of a result into a value. */
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Rows of {@code sql} with {@code args} bound in order, mapped. */
    synchronized <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
        return retrying(() -> {
            List<T> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.map(rs));
                    }
                }
            }
            return out;
        }, null);
    }

    synchronized <T> Optional<T> first(String sql, Row<T> row, Object... args) throws SQLException {
        List<T> r = query(sql, row, args);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    synchronized long count(String sql, Object... args) throws SQLException {
        return first(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /**
     * Runs an insert, update or delete; returns the rows it touched (1 for an insert that a handover broke off
     * after it was applied).
     */
    synchronized int update(String sql, Object... args) throws SQLException {
        return retrying(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        }, () -> 1);
    }

    /**
     * Runs an insert into a table with a generated id; returns that id. A new row has no key of its own to find
     * again, so on H2 the insert is a transaction of its own, whose mark tells whether it was applied.
     */
    synchronized long insert(String sql, Object... args) throws SQLException {
        if (h2 && depth == 0) {
            return inTransaction(() -> insert(sql, args));
        }
        return retrying(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, args);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }, null);
    }

    /** Runs {@code sql} once per item, in one batch: all of it or none (on H2, a transaction whose mark tells). */
    synchronized <T> void batch(String sql, List<T> items, Binder<T> binder) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        if (h2 && depth == 0) {
            inTransaction(() -> {
                batch(sql, items, binder);
                return null;
            });
            return;
        }
        retrying(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (T item : items) {
                    bind(ps, binder.args(item));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        }, null);
    }

    /** The arguments of one batch row. */
    interface Binder<T> {
        Object[] args(T item);
    }

    /** Instants become timestamps, labelled enums their label; everything else as JDBC takes it. */
    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (a instanceof Labeled labeled) {
                ps.setString(i + 1, labeled.label());
            } else if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static String truncate(String s) {
        return truncate(s, 4000);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    @Override
    public synchronized void close() throws SQLException {
        try {
            connection.close();
        } catch (SQLException e) {
            if (!Handover.isHandover(e)) {
                throw e;
            }
        }
    }
}
