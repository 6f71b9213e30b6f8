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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import lifeboat.spi.JobLog;
import lifeboat.support.db.DatabaseSource;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.db.Jdbc;
import lifeboat.support.process.ToolHost;
import org.mariadb.jdbc.Driver;

/**
 * A MariaDB (or MySQL) server's database, or all of them: each dumped with mariadb-dump as SQL into its own part
 * {@code <db>.sql}, restored with the mariadb client. One dump or restore at a time per instance.
 */
final class MariaDbSource extends DatabaseSource {
    static final Jdbc JDBC = new Jdbc("mariadb", new Driver(), Map.of("connectTimeout", "10000"), "08000");
    static final String SUFFIX = ".sql";
    private static final List<String> SYSTEM_SCHEMAS =
            List.of("information_schema", "performance_schema", "mysql", "sys");
    /** First line of every part: the database's defaults, which mariadb-dump leaves out without --databases. */
    private static final Pattern DB_LINE =
            Pattern.compile("^-- lifeboat-database: charset=(\\w+) collation=(\\w+)\\s*$");

    private final MariaDbTools tools;

    MariaDbSource(String name, DbEndpoint endpoint, String database, MariaDbTools tools, Duration timeout,
            Path tmpDir) {
        super("mariadb", name, endpoint, database, timeout, tmpDir, Map.of());
        this.tools = requireNonNull(tools, "tools is null");
    }

    @Override
    public Map<String, Object> dump(DumpOutput output, JobLog log) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            Path dumpTool = tools.dump();
            var fingerprint = new LinkedHashMap<String, Object>();
            List<String> databases;
            try (Connection c = endpoint.connect(ALL.equals(database) ? "" : database)) {
                fingerprint.put("serverVersion", c.getMetaData().getDatabaseProductVersion());
                databases = ownDatabases(c);
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
                log.warn("no RELOAD privilege for FLUSH TABLES WITH READ LOCK; the row counts of '" + db
                        + "' come from a separate snapshot and may differ from the dump while others write");
            }
            try {
                try (Statement st = snapshot.createStatement()) {
                    st.execute("set session transaction isolation level repeatable read");
                    st.execute("start transaction with consistent snapshot, read only");
                }
                var cmd = new ArrayList<>(List.of(dumpTool.toString()));
                cmd.addAll(defaults.arguments());
                cmd.addAll(List.of("--host=" + endpoint.host(),
                        "--port=" + endpoint.port(), "--protocol=TCP", "--single-transaction", "--routines",
                        "--triggers", "--events", "--hex-blob", "--default-character-set=utf8mb4",
                        "--max-allowed-packet=1G", "--quick", "--tz-utc", "--skip-dump-date", "--", db));
                try (OutputStream part = output.part(db + SUFFIX, false)) {
                    part.write(("-- lifeboat-database: charset=" + charset[0] + " collation=" + charset[1] + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    defaults.apply(endpoint.via().command("mariadb-dump of " + describe(db), cmd))
                            .stdout(new SnapshotGate(part, lock::releaseQuietly))
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
        try (ToolHost.Lease lease = lease()) {
            var opts = options(options);
            List<String> dumpParts = dumpParts(input, opts, p -> p.endsWith(SUFFIX), SUFFIX);
            DbEndpoint target = opts.target(endpoint);
            Path client = tools.client();
            try (var defaults = DefaultsFile.create(target, tmpDir); Connection admin = target.connect("")) {
                var plan = new ArrayList<Planned>();
                for (String part : dumpParts) {
                    String db = opts.toDb() != null ? opts.toDb() : part.substring(0, part.length() - SUFFIX.length());
                    plan.add(new Planned(part, new Target(admin, target, db)));
                }
                restoreAll(input, plan, target, opts.force(), log, (part, scratch) -> {
                    var in = new BufferedInputStream(part, 1 << 16);
                    String[] charset = peekDefaults(in);
                    for (Planned p : plan) {
                        if (p.part().equals(part.name())) {
                            ((Target) p.db()).charset = charset;
                        }
                    }
                    createSchema(admin, scratch, charset);
                    var cmd = new ArrayList<>(List.of(client.toString()));
                    cmd.addAll(defaults.arguments());
                    cmd.addAll(List.of("--host=" + target.host(), "--port=" + target.port(), "--protocol=TCP",
                            "--default-character-set=utf8mb4", "--max-allowed-packet=1G", "--batch",
                            "--database=" + scratch));
                    defaults.apply(endpoint.via().command("mariadb restore of " + part.name() + " into database '"
                            + scratch + "' on " + target, cmd)).stdin(in).log(log).timeout(timeout).run();
                });
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

    private static void createSchema(Connection admin, String db, String[] charset) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("create database " + MariaDbFingerprint.quote(db)
                    + (charset == null ? "" : " character set " + charset[0] + " collate " + charset[1]));
        }
    }

    /**
     * A restore's database. The scratch schema is created once the part's first line told its character set
     * and collation; {@link SchemaSwap} moves its contents in.
     */
    private static final class Target implements TargetDatabase {
        private final Connection admin;
        private final DbEndpoint server;
        private final String name;
        private String[] charset;

        Target(Connection admin, DbEndpoint server, String name) {
            this.admin = admin;
            this.server = server;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean exists() throws SQLException {
            try (PreparedStatement ps = admin.prepareStatement(
                    "select 1 from information_schema.schemata where schema_name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }

        @Override
        public boolean isEmpty() throws SQLException {
            try (PreparedStatement ps = admin.prepareStatement(
                    "select (select count(*) from information_schema.tables where table_schema = ?)"
                            + " + (select count(*) from information_schema.routines where routine_schema = ?)"
                            + " + (select count(*) from information_schema.events where event_schema = ?)")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        }

        @Override
        public void createScratch(String scratch) {
            // made by the restore step, which knows the character set only once it reads the part
        }

        @Override
        public void dropScratch(String scratch) throws SQLException {
            try (Statement st = admin.createStatement()) {
                st.execute("drop database if exists " + MariaDbFingerprint.quote(scratch));
            }
        }

        @Override
        public List<String> serverDatabases() throws SQLException {
            return firstColumn(admin, "select schema_name from information_schema.schemata"
                    + " order by binary schema_name");
        }

        @Override
        public boolean inUse(String db) throws SQLException {
            return count(admin, "select count(*) from information_schema.processlist"
                    + " where db = ? and id <> connection_id()", db) > 0;
        }

        @Override
        public String putBack(String old) throws SQLException, IOException {
            return new SchemaSwap(server, admin, null).recover(old, name);
        }

        @Override
        public void swapIn(String scratch, JobLog log) throws SQLException, IOException {
            boolean created = !exists();
            if (created) {
                createSchema(admin, name, charset);
            }
            try {
                new SchemaSwap(server, admin, log).swap(scratch, name, scratchName(name, "old"));
            } catch (SQLException | IOException | RuntimeException e) {
                if (created) {
                    dropScratch(name); // it did not exist before
                }
                throw e;
            }
            dropScratch(scratch);
        }
    }

    /** One connection and one transaction for all databases, so they are fingerprinted at one moment. */
    @Override
    protected String fingerprintInto(DbEndpoint target, List<String> databases, Map<String, Object> perDatabase)
            throws SQLException {
        try (Connection c = target.connect("")) {
            String version = c.getMetaData().getDatabaseProductVersion();
            inSnapshot(c, snapshot -> {
                for (String db : databases) {
                    perDatabase.put(db, MariaDbFingerprint.of(snapshot, db));
                }
                return null;
            });
            return version;
        }
    }

    @Override
    protected void checkTools() throws IOException {
        tools.dump();
        tools.client();
    }

    @Override
    protected String adminDatabase() {
        return "";
    }

    @Override
    protected String dropDatabaseSql(Connection admin, String db) {
        return "drop database if exists " + MariaDbFingerprint.quote(db);
    }

    @Override
    protected List<String> listDatabases(Connection c) throws SQLException {
        var dbs = new ArrayList<String>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select schema_name from information_schema.schemata"
                        + " order by binary schema_name")) {
            while (rs.next()) {
                if (!SYSTEM_SCHEMAS.contains(rs.getString(1).toLowerCase(Locale.ROOT))) {
                    dbs.add(rs.getString(1));
                }
            }
        }
        return dbs;
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
}
