package lifeboat.plugin.mariadb;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import lifeboat.spi.DumpSource;
import lifeboat.spi.JobLog;
import lifeboat.support.process.ToolHost;

/**
 * A MariaDB (or MySQL) server's database, or all of them: each dumped with mariadb-dump as SQL into its own part
 * {@code <db>.sql}, restored with the mariadb client. One dump or restore at a time per instance.
 */
final class MariaDbSource implements DumpSource {
    static final String ALL = "*";
    static final String SUFFIX = ".sql";
    private static final List<String> SYSTEM_SCHEMAS =
            List.of("information_schema", "performance_schema", "mysql", "sys");
    /** First line of every part: the database's defaults, which mariadb-dump leaves out without --databases. */
    private static final Pattern DB_LINE =
            Pattern.compile("^-- lifeboat-database: charset=(\\w+) collation=(\\w+)\\s*$");

    private final String name;
    private final Endpoint endpoint;
    private final String database;
    private final MariaDbTools tools;
    private final Duration timeout;
    private final Path tmpDir;

    MariaDbSource(String name, Endpoint endpoint, String database, MariaDbTools tools, Duration timeout,
            Path tmpDir) {
        this.name = requireNonNull(name, "name is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.database = requireNonNull(database, "database is null");
        this.tools = requireNonNull(tools, "tools is null");
        this.timeout = timeout;
        this.tmpDir = requireNonNull(tmpDir, "tmpDir is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return "mariadb://" + endpoint + "/" + database;
    }

    /** Closes the SSH session of viaHost, should one be open. */
    @Override
    public void close() {
        endpoint.via().close();
    }

    @Override
    public Map<String, Object> dump(DumpOutput output, JobLog log) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            Path dumpTool = tools.dump();
            var fingerprint = new LinkedHashMap<String, Object>();
            List<String> databases;
            try (Connection c = endpoint.connect(ALL.equals(database) ? "" : database)) {
                fingerprint.put("serverVersion", c.getMetaData().getDatabaseProductVersion());
                databases = ALL.equals(database) ? listDatabases(c) : List.of(database);
            } catch (SQLException e) {
                throw failure(null, "cannot connect", e);
            }
            var perDatabase = new TreeMap<String, Object>();
            try (var defaults = DefaultsFile.create(endpoint, tmpDir)) {
                for (String db : databases) {
                    perDatabase.put(db, dumpDatabase(dumpTool, db, output, defaults, log));
                }
            }
            fingerprint.put("databases", perDatabase);
            return fingerprint;
        }
    }

    /**
     * MariaDB cannot hand one snapshot to another session as PostgreSQL can, so the two snapshots are made to
     * coincide: a global read lock holds writers off while this session opens its snapshot and mariadb-dump opens
     * its own (--single-transaction), and is released as soon as the dump's output proves it has. The row counts
     * read afterwards in this session then describe exactly the dumped rows. Writers wait only for that moment.
     * Without the RELOAD privilege the lock is skipped and the fingerprint may differ under concurrent writes.
     */
    private Map<String, Object> dumpDatabase(Path dumpTool, String db, DumpOutput output, DefaultsFile defaults,
            JobLog log) throws IOException {
        try (Connection snapshot = endpoint.connect(db); Connection locker = endpoint.connect(db)) {
            String[] charset = databaseDefaults(snapshot, db);
            var lock = new GlobalReadLock(locker);
            if (!lock.acquire()) {
                log.warn(name + ": no RELOAD privilege for FLUSH TABLES WITH READ LOCK; the row counts of '" + db
                        + "' come from a separate snapshot and may differ from the dump while others write");
            }
            try {
                try (Statement st = snapshot.createStatement()) {
                    st.execute("set session transaction isolation level repeatable read");
                    st.execute("start transaction with consistent snapshot, read only");
                }
                var cmd = List.of(dumpTool.toString(), defaults.argument(), "--host=" + endpoint.host(),
                        "--port=" + endpoint.port(), "--protocol=TCP", "--single-transaction", "--routines",
                        "--triggers", "--events", "--hex-blob", "--default-character-set=utf8mb4",
                        "--max-allowed-packet=1G", "--quick", "--tz-utc", "--skip-dump-date", "--", db);
                try (OutputStream part = output.part(db + SUFFIX, false)) {
                    part.write(("-- lifeboat-database: charset=" + charset[0] + " collation=" + charset[1] + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    endpoint.via().command("mariadb-dump of " + describe(db), cmd)
                            .secret(endpoint.password()).stdout(new SnapshotGate(part, lock::releaseQuietly))
                            .log(log).timeout(timeout).run();
                }
            } finally {
                lock.releaseQuietly();
            }
            Map<String, Object> fp = MariaDbFingerprint.of(snapshot, db);
            try (Statement st = snapshot.createStatement()) {
                st.execute("rollback");
            }
            return fp;
        } catch (SQLException e) {
            throw failure(db, "cannot dump", e);
        }
    }

    private static String[] databaseDefaults(Connection c, String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select default_character_set_name, default_collation_name"
                + " from information_schema.schemata where schema_name = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("database '" + db + "' does not exist");
                }
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    @Override
    public void restore(DumpInput input, Map<String, String> options, JobLog log) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            List<String> dumpParts = input.parts().stream().filter(p -> p.endsWith(SUFFIX)).sorted().toList();
            if (dumpParts.isEmpty()) {
                throw new IOException(name + ": the backup holds no .sql part (parts: " + input.parts() + ")");
            }
            if (opts.toDb() != null && dumpParts.size() > 1) {
                throw new IllegalArgumentException(name + ": toDb can only be used with a backup of one database;"
                        + " this one holds " + dumpParts.size());
            }
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            Path client = tools.client();
            try (var defaults = DefaultsFile.create(target, tmpDir); Connection admin = target.connect("")) {
                for (String part : dumpParts) {
                    String db = opts.toDb() != null ? opts.toDb() : part.substring(0, part.length() - SUFFIX.length());
                    try (InputStream raw = input.open(part); var in = new BufferedInputStream(raw, 1 << 16)) {
                        String[] charset = peekDefaults(in);
                        prepareDatabase(admin, target, db, charset, opts.force(), log);
                        var cmd = List.of(client.toString(), defaults.argument(), "--host=" + target.host(),
                                "--port=" + target.port(), "--protocol=TCP", "--default-character-set=utf8mb4",
                                "--max-allowed-packet=1G", "--batch", "--database=" + db);
                        endpoint.via().command("mariadb restore of " + part + " into database '" + db + "' on " + target
                                + " (a failed restore leaves the database partly filled)", cmd)
                                .secret(target.password()).stdin(in).log(log).timeout(timeout).run();
                    }
                    log.info(name + ": restored " + part + " into database '" + db + "' on " + target);
                }
            } catch (SQLException e) {
                throw new IOException(name + " (restore to " + target + "): " + e.getMessage(), e);
            }
        }
    }

    private static String[] peekDefaults(BufferedInputStream in) throws IOException {
        in.mark(512);
        byte[] head = in.readNBytes(256);
        in.reset();
        String first = new String(head, StandardCharsets.US_ASCII).split("\n", 2)[0];
        var m = DB_LINE.matcher(first);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    private void prepareDatabase(Connection admin, Endpoint target, String db, String[] charset, boolean force,
            JobLog log) throws SQLException, IOException {
        String quoted = MariaDbFingerprint.quote(db);
        boolean exists;
        try (PreparedStatement ps = admin.prepareStatement(
                "select 1 from information_schema.schemata where schema_name = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (exists) {
            if (isEmpty(admin, db)) {
                log.info(name + ": restoring into the existing empty database '" + db + "' on " + target);
                return;
            }
            if (!force) {
                throw new IOException(name + ": database '" + db + "' on " + target
                        + " exists and is not empty; restore with force=true to drop and replace it,"
                        + " or choose another toDb");
            }
            log.warn(name + ": dropping the existing database '" + db + "' on " + target + " (force)");
            try (Statement st = admin.createStatement()) {
                st.execute("drop database " + quoted);
            }
        }
        try (Statement st = admin.createStatement()) {
            st.execute("create database " + quoted
                    + (charset == null ? "" : " character set " + charset[0] + " collate " + charset[1]));
        }
    }

    private static boolean isEmpty(Connection admin, String db) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(
                "select (select count(*) from information_schema.tables where table_schema = ?)"
                        + " + (select count(*) from information_schema.routines where routine_schema = ?)"
                        + " + (select count(*) from information_schema.events where event_schema = ?)")) {
            ps.setString(1, db);
            ps.setString(2, db);
            ps.setString(3, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    @Override
    public Map<String, Object> fingerprint(Map<String, String> options) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            var fingerprint = new LinkedHashMap<String, Object>();
            var perDatabase = new TreeMap<String, Object>();
            try (Connection c = target.connect("")) {
                fingerprint.put("serverVersion", c.getMetaData().getDatabaseProductVersion());
                List<String> databases = opts.toDb() != null ? List.of(opts.toDb())
                        : ALL.equals(database) ? listDatabases(c) : List.of(database);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                for (String db : databases) {
                    perDatabase.put(db, MariaDbFingerprint.of(c, db));
                }
                c.rollback();
            } catch (SQLException e) {
                throw new IOException(name + " (fingerprint on " + target + "): " + e.getMessage(), e);
            }
            fingerprint.put("databases", perDatabase);
            return fingerprint;
        }
    }

    @Override
    public List<List<String>> query(Map<String, String> options, String sql) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            String db = opts.toDb() != null ? opts.toDb() : database;
            try (Connection c = target.connect(db)) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    List<List<String>> out = new ArrayList<>();
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next() && out.size() < 10_000) {
                        List<String> row = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) {
                            row.add(rs.getString(i));
                        }
                        out.add(row);
                    }
                    return out;
                } finally {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new IOException(name + " (query on database '" + db + "' at " + target + "): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void dropDatabase(Map<String, String> options) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            if (opts.toDb() == null || opts.toDb().equals(database)) {
                throw new IllegalArgumentException(name + ": refusing to drop the source's own database");
            }
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            try (Connection c = target.connect(""); Statement st = c.createStatement()) {
                st.execute("drop database if exists " + MariaDbFingerprint.quote(opts.toDb()));
            } catch (SQLException e) {
                throw new IOException(name + " (dropping database '" + opts.toDb() + "' at " + target + "): "
                        + e.getMessage(), e);
            }
        }
    }

    private static List<String> listDatabases(Connection c) throws SQLException {
        var dbs = new ArrayList<String>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select schema_name from information_schema.schemata"
                        + " order by binary schema_name")) {
            while (rs.next()) {
                if (!SYSTEM_SCHEMAS.contains(rs.getString(1).toLowerCase(java.util.Locale.ROOT))) {
                    dbs.add(rs.getString(1));
                }
            }
        }
        return dbs;
    }

    private String describe(String db) {
        return "source '" + name + "' (" + endpoint + (db == null ? "" : ", database '" + db + "'") + ")";
    }

    private IOException failure(String db, String what, SQLException e) {
        String where = describe(db != null ? db : ALL.equals(database) ? null : database);
        return new IOException("mariadb " + where + ": " + what + ": " + e.getMessage(), e);
    }

    /** FLUSH TABLES WITH READ LOCK on its own connection, released at most once from whichever thread first can. */
    private static final class GlobalReadLock {
        private final Connection connection;
        private boolean held;

        GlobalReadLock(Connection connection) {
            this.connection = connection;
        }

        boolean acquire() {
            try (Statement st = connection.createStatement()) {
                // a long-running query would make FTWRL wait; do not stall the school's writes behind it for long
                st.execute("set session lock_wait_timeout = 60");
                st.execute("flush tables with read lock");
                held = true;
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        synchronized void releaseQuietly() {
            if (held) {
                held = false;
                try (Statement st = connection.createStatement()) {
                    st.execute("unlock tables");
                } catch (SQLException e) {
                    // closing the connection releases the lock as well
                }
            }
        }
    }

    /** The options a restore accepts; see {@link DumpSource#restore}. */
    record RestoreOptions(String toDb, String toHost, String toPort, String toUser, boolean force) {
        static final List<String> KEYS = List.of("toDb", "toHost", "toPort", "toUser", "force");

        static RestoreOptions parse(Map<String, String> options) {
            for (String key : options.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown restore option '" + key + "'; known: " + KEYS);
                }
            }
            String port = blankToNull(options.get("toPort"));
            if (port != null && !port.matches("\\d{1,5}")) {
                throw new IllegalArgumentException("toPort must be a port number, not '" + port + "'");
            }
            String force = blankToNull(options.get("force"));
            if (force != null && !force.equals("true") && !force.equals("false")) {
                throw new IllegalArgumentException("force must be true or false, not '" + force + "'");
            }
            return new RestoreOptions(blankToNull(options.get("toDb")), blankToNull(options.get("toHost")), port,
                    blankToNull(options.get("toUser")), "true".equals(force));
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
