package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import lifeboat.spi.DumpSource;
import lifeboat.spi.JobLog;
import lifeboat.support.process.ToolHost;

/**
 * What every database source does alike, so a plugin keeps only its tools, their arguments and its SQL: the
 * fingerprint of live databases, read-only queries, dropping scratch databases, choosing the parts of a restore
 * and making room for each database, the SSH lease around every operation, and messages that name the source.
 * Safe for one operation at a time per instance; nothing but an SSH session is kept open between calls.
 */
public abstract class DatabaseSource implements DumpSource {
    /** The {@code database} setting that means every database of the server. */
    public static final String ALL = "*";
    private static final int MAX_ROWS = 10_000;

    protected final String name;
    protected final DbEndpoint endpoint;
    protected final String database;
    protected final Duration timeout;
    protected final Path tmpDir;
    private final String type;
    private final Map<String, Boolean> flagDefaults;

    /**
     * @param type the source type, the first word of connection errors
     * @param flagDefaults the plugin's own restore flags and their defaults (see {@link RestoreOptions#parse})
     */
    protected DatabaseSource(String type, String name, DbEndpoint endpoint, String database, Duration timeout,
            Path tmpDir, Map<String, Boolean> flagDefaults) {
        this.type = requireNonNull(type, "type is null");
        this.name = requireNonNull(name, "name is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.database = requireNonNull(database, "database is null");
        this.timeout = timeout;
        this.tmpDir = requireNonNull(tmpDir, "tmpDir is null");
        // insertion order: an unknown option's message lists the known ones in it
        this.flagDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(flagDefaults));
    }

    /** The databases of the server, system ones left out, in a stable order. */
    protected abstract List<String> listDatabases(Connection c) throws SQLException;

    /** The database to connect to for listing, creating and dropping databases ({@code ""} for none). */
    protected abstract String adminDatabase();

    /**
     * Puts the fingerprint of each of {@code databases} on {@code target} into {@code perDatabase}, each read in
     * one repeatable-read transaction (see {@link #inSnapshot}).
     *
     * @return the server version, or null when no database was examined
     */
    protected abstract String fingerprintInto(DbEndpoint target, List<String> databases,
            Map<String, Object> perDatabase) throws SQLException;

    /** The statement that drops {@code db} if it exists, even while others are connected where possible. */
    protected abstract String dropDatabaseSql(Connection admin, String db) throws SQLException;

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String location() {
        return endpoint.jdbc().scheme() + "://" + endpoint + "/" + database;
    }

    /** Closes the SSH session of viaHost, should one be open. */
    @Override
    public final void close() {
        endpoint.via().close();
    }

    /** Holds the SSH session of viaHost open for one operation; wrap every public operation in it. */
    protected final ToolHost.Lease lease() throws IOException {
        return endpoint.via().lease();
    }

    protected final RestoreOptions options(Map<String, String> options) {
        return RestoreOptions.parse(options, flagDefaults);
    }

    /** The source's own databases, listed on {@code c} when the setting is {@link #ALL}. */
    protected final List<String> ownDatabases(Connection c) throws SQLException {
        return ALL.equals(database) ? listDatabases(c) : List.of(database);
    }

    @Override
    public Map<String, Object> fingerprint(Map<String, String> options) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            var opts = options(options);
            DbEndpoint target = opts.target(endpoint);
            var fingerprint = new LinkedHashMap<String, Object>();
            var perDatabase = new TreeMap<String, Object>();
            try {
                List<String> databases;
                if (opts.toDb() != null) {
                    databases = List.of(opts.toDb());
                } else {
                    try (Connection c = target.connect(adminDatabase())) {
                        databases = ownDatabases(c);
                    }
                }
                String version = fingerprintInto(target, databases, perDatabase);
                if (version != null) {
                    fingerprint.put("serverVersion", version);
                }
            } catch (SQLException e) {
                throw new IOException(name + " (fingerprint on " + target + "): " + e.getMessage(), e);
            }
            fingerprint.put("databases", perDatabase);
            return fingerprint;
        }
    }

    /** Work in one transaction that sees a single snapshot and changes nothing: it is rolled back. */
    protected static <T> T inSnapshot(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        T result = work.apply(c);
        c.rollback();
        return result;
    }

    /** What {@link #inSnapshot} runs. */
    @FunctionalInterface
    protected interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    @Override
    public List<List<String>> query(Map<String, String> options, String sql) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            var opts = options(options);
            DbEndpoint target = opts.target(endpoint);
            String db = opts.toDb() != null ? opts.toDb() : database;
            try (Connection c = target.connect(db)) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    return rows(rs);
                } finally {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new IOException(name + " (query on database '" + db + "' at " + target + "): "
                        + e.getMessage(), e);
            }
        }
    }

    private static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next() && out.size() < MAX_ROWS) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public void dropDatabase(Map<String, String> options) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            var opts = options(options);
            if (opts.toDb() == null || opts.toDb().equals(database)) {
                throw new IllegalArgumentException(name + ": refusing to drop the source's own database");
            }
            DbEndpoint target = opts.target(endpoint);
            try (Connection admin = target.connect(adminDatabase()); Statement st = admin.createStatement()) {
                st.execute(dropDatabaseSql(admin, opts.toDb()));
            } catch (SQLException e) {
                throw new IOException(name + " (dropping database '" + opts.toDb() + "' at " + target + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * The dump parts a restore reads, sorted; fails when there are none, or when {@code toDb} is given for a
     * backup of several databases.
     *
     * @param kind the parts' suffix, for the message, e.g. {@code .sql}
     */
    protected final List<String> dumpParts(DumpInput input, RestoreOptions opts, Predicate<String> isDump,
            String kind) throws IOException {
        List<String> parts = input.parts().stream().filter(isDump).sorted().toList();
        if (parts.isEmpty()) {
            throw new IOException(name + ": the backup holds no " + kind + " part (parts: " + input.parts() + ")");
        }
        if (opts.toDb() != null && parts.size() > 1) {
            throw new IllegalArgumentException(name + ": toDb can only be used with a backup of one database;"
                    + " this one holds " + parts.size());
        }
        return parts;
    }

    /**
     * Makes room for a restore of {@code db}: an existing empty database is used as it is, a non-empty one is
     * only dropped with {@code force}, else the restore is refused before anything changes.
     */
    protected final void prepareDatabase(TargetDatabase db, DbEndpoint target, boolean force, JobLog log)
            throws SQLException, IOException {
        if (db.exists()) {
            if (db.isEmpty()) {
                log.info(name + ": restoring into the existing empty database '" + db.name() + "' on " + target);
                return;
            }
            if (!force) {
                throw new IOException(name + ": database '" + db.name() + "' on " + target
                        + " exists and is not empty; restore with force=true to drop and replace it,"
                        + " or choose another toDb");
            }
            log.warn(name + ": dropping the existing database '" + db.name() + "' on " + target + " (force)");
            db.drop();
        }
        db.create();
    }

    /** One database on a restore's target server, as a plugin's SQL sees it. */
    protected interface TargetDatabase {
        String name();

        boolean exists() throws SQLException;

        /** No tables, routines or other objects of its own. */
        boolean isEmpty() throws SQLException;

        void drop() throws SQLException;

        void create() throws SQLException;
    }

    /** For messages: {@code source 'NAME' (HOST:PORT[ via ...][, database 'DB'])}. */
    protected final String describe(String db) {
        return "source '" + name + "' (" + endpoint + (db == null ? "" : ", database '" + db + "'") + ")";
    }

    /** An SQL failure while dumping, naming the source and, when known, the database. */
    protected final IOException failure(String db, String what, SQLException e) {
        String where = describe(db != null ? db : ALL.equals(database) ? null : database);
        return new IOException(type + " " + where + ": " + what + ": " + e.getMessage(), e);
    }
}
