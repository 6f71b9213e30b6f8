package lifeboat.plugin.postgres;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
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
import lifeboat.spi.DumpSource;
import lifeboat.spi.JobLog;
import lifeboat.support.process.ToolHost;

/**
 * A PostgreSQL server's database (or all of them): dumped with pg_dump in custom format, uncompressed so the
 * core's zstd does the compressing, and restored with pg_restore. Safe for one dump or restore at a time per
 * instance; nothing is kept open between calls.
 */
final class PostgresSource implements DumpSource {
    static final String ALL = "*";

    private final String name;
    private final Endpoint endpoint;
    private final String database;
    private final PgTools tools;
    private final int jobs;
    private final Duration timeout;
    private final Path tmpDir;

    PostgresSource(String name, Endpoint endpoint, String database, PgTools tools, int jobs, Duration timeout,
            Path tmpDir) {
        this.name = requireNonNull(name, "name is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.database = requireNonNull(database, "database is null");
        this.tools = requireNonNull(tools, "tools is null");
        this.jobs = jobs;
        this.timeout = timeout;
        this.tmpDir = requireNonNull(tmpDir, "tmpDir is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return "postgresql://" + endpoint + "/" + database;
    }

    /** Closes the SSH session of viaHost, should one be open. */
    @Override
    public void close() {
        endpoint.via().close();
    }

    @Override
    public Map<String, Object> dump(DumpOutput output, JobLog log) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            Path pgDump = tools.require("pg_dump");
            Path pgDumpAll = tools.require("pg_dumpall");
            String toolVersion = tools.version(pgDump, log);
            var fingerprint = new LinkedHashMap<String, Object>();
            List<String> databases;
            boolean superuser;
            try (Connection c = connect(endpoint, ALL.equals(database) ? "postgres" : database)) {
                var server = ServerInfo.of(c);
                PgTools.requireNotOlder(pgDump, toolVersion, server.versionNum(), server.version(), endpoint);
                fingerprint.put("serverVersion", server.version());
                fingerprint.put("dumpToolVersion", toolVersion);
                databases = ALL.equals(database) ? listDatabases(c) : List.of(database);
                superuser = server.superuser();
            } catch (SQLException e) {
                throw failure("cannot connect", e);
            }
            var perDatabase = new TreeMap<String, Object>();
            try (var pass = PgPassFile.create(endpoint, tmpDir)) {
                dumpGlobals(pgDumpAll, superuser, output, pass, log);
                for (String db : databases) {
                    perDatabase.put(db, dumpDatabase(pgDump, db, output, pass, log));
                }
            }
            fingerprint.put("databases", perDatabase);
            return fingerprint;
        }
    }

    private void dumpGlobals(Path pgDumpAll, boolean superuser, DumpOutput output, PgPassFile pass, JobLog log)
            throws IOException {
        var cmd = new ArrayList<>(List.of(pgDumpAll.toString(), "--globals-only", "--no-password",
                "-h", endpoint.host(), "-p", String.valueOf(endpoint.port()), "-U", endpoint.user(),
                "-l", ALL.equals(database) ? "postgres" : database));
        if (!superuser) {
            // only superusers may read pg_authid; without this flag pg_dumpall fails for ordinary roles
            cmd.add("--no-role-passwords");
            log.warn(name + ": " + endpoint.user() + " is not a superuser; role passwords are not in the backup");
        }
        try (OutputStream part = output.part(PartNames.GLOBALS, false)) {
            pass.apply(endpoint.via().command("pg_dumpall --globals-only of " + describe(null), cmd))
                    .stdout(part).log(log).timeout(timeout).run();
        }
    }

    /**
     * Dumps one database and fingerprints it from the same snapshot: a REPEATABLE READ transaction exports its
     * snapshot, pg_dump adopts it with --snapshot, and the row counts are read in that transaction afterwards.
     * So the counts describe exactly the rows in the dump even while the school's applications keep writing,
     * and a trial restore can demand equality instead of "roughly the same".
     */
    private Map<String, Object> dumpDatabase(Path pgDump, String db, DumpOutput output, PgPassFile pass, JobLog log)
            throws IOException {
        try (Connection c = connect(endpoint, db)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String snapshot;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            var cmd = List.of(pgDump.toString(), "--format=custom", "-Z0", "--no-password",
                    "--snapshot=" + snapshot, "-h", endpoint.host(), "-p", String.valueOf(endpoint.port()),
                    "-U", endpoint.user(), "-d", conninfoDbname(db));
            try (OutputStream part = output.part(PartNames.dumpPart(db), false)) {
                pass.apply(endpoint.via().command("pg_dump of " + describe(db), cmd))
                        .stdout(part).log(log).timeout(timeout).run();
            }
            Map<String, Object> fp = PgFingerprint.of(c);
            c.rollback();
            return fp;
        } catch (SQLException e) {
            throw failure("cannot dump database '" + db + "'", e);
        }
    }

    @Override
    public void restore(DumpInput input, Map<String, String> options, JobLog log) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            List<String> dumpParts = input.parts().stream().filter(PartNames::isDump).sorted().toList();
            if (dumpParts.isEmpty()) {
                throw new IOException(name + ": the backup holds no .pgdump part (parts: " + input.parts() + ")");
            }
            if (opts.toDb() != null && dumpParts.size() > 1) {
                throw new IllegalArgumentException(name + ": toDb can only be used with a backup of one database;"
                        + " this one holds " + dumpParts.size());
            }
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            Path pgRestore = tools.require("pg_restore");
            Path psql = tools.require("psql");
            // a database cannot be dropped from a session connected to it, so restoring "postgres" itself goes via
            // template1 (never copied here: new databases come from template0)
            boolean restoresPostgres = opts.toDb() == null
                    ? dumpParts.stream().map(PartNames::database).anyMatch("postgres"::equals)
                    : opts.toDb().equals("postgres");
            String adminDb = restoresPostgres ? "template1" : "postgres";
            try (var pass = PgPassFile.create(target, tmpDir); Connection admin = connect(target, adminDb)) {
                int serverVersionNum = ServerInfo.of(admin).versionNum();
                if (opts.globals() && input.parts().contains(PartNames.GLOBALS)) {
                    applyGlobals(psql, target, input, pass, log);
                }
                for (String part : dumpParts) {
                    String db = opts.toDb() != null ? opts.toDb() : PartNames.database(part);
                    prepareDatabase(admin, serverVersionNum, target, db, opts.force(), log);
                    restoreDatabase(pgRestore, target, db, input, part, opts, pass, log);
                }
            } catch (SQLException e) {
                throw new IOException(name + " (restore to " + target + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Roles and tablespaces come first so ownership and grants in the dumps can be restored. The target usually
     * has some roles already (at least the one we connect as), so psql runs without ON_ERROR_STOP and "already
     * exists" errors are expected; existing roles get the attributes and password they had at backup time.
     */
    private void applyGlobals(Path psql, Endpoint target, DumpInput input, PgPassFile pass, JobLog log)
            throws IOException {
        var cmd = List.of(psql.toString(), "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=0",
                "-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user(), "-d", "postgres",
                "-f", "-");
        try (InputStream in = input.open(PartNames.GLOBALS)) {
            pass.apply(endpoint.via().command("psql applying globals.sql on " + target, cmd))
                    .stdin(in).log(tolerating(log, "already exists")).timeout(timeout).run();
        }
    }

    private void prepareDatabase(Connection admin, int serverVersionNum, Endpoint target, String db, boolean force,
            JobLog log) throws SQLException, IOException {
        String quoted = quoteIdent(admin, db);
        boolean exists;
        try (PreparedStatement ps = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (exists) {
            if (isEmpty(target, db)) {
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
                st.execute("drop database " + quoted + (serverVersionNum >= 130000 ? " with (force)" : ""));
            }
        }
        try (Statement st = admin.createStatement()) {
            // template0: template1 may hold local additions that would clash with the dump's objects
            st.execute("create database " + quoted + " template template0");
        }
    }

    private boolean isEmpty(Endpoint target, String db) throws SQLException {
        try (Connection c = connect(target, db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select (select count(*) from pg_class c join pg_namespace n"
                        + " on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema')"
                        + " and n.nspname !~ '^pg_(toast|temp)') + (select count(*) from pg_proc p"
                        + " join pg_namespace n on n.oid = p.pronamespace"
                        + " where n.nspname not in ('pg_catalog', 'information_schema'))")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /**
     * pg_restore reads the part on stdin, in one transaction and stopping at the first error, so a failed
     * restore leaves an empty database rather than a half-restored one. Ownership is kept by default because
     * globals.sql recreated the roles; noOwner=true is for targets where the roles differ. With jobs > 1 the
     * part is spooled to a temporary file first, since parallel pg_restore needs a seekable archive.
     */
    private void restoreDatabase(Path pgRestore, Endpoint target, String db, DumpInput input, String part,
            RestoreOptions opts, PgPassFile pass, JobLog log) throws IOException {
        var cmd = new ArrayList<>(List.of(pgRestore.toString(), "--no-password", "--exit-on-error",
                "-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user(),
                "-d", conninfoDbname(db)));
        if (opts.noOwner()) {
            cmd.add("--no-owner");
            cmd.add("--no-privileges");
        }
        String what = "pg_restore of " + part + " into database '" + db + "' on " + target;
        Path spool = null;
        try (InputStream in = input.open(part)) {
            var b = endpoint.via().command(what, cmd);
            if (jobs > 1) {
                Files.createDirectories(tmpDir);
                spool = Files.createTempFile(tmpDir, "restore", ".pgdump");
                Files.copy(in, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                cmd.addAll(List.of("--jobs=" + jobs, spool.toString()));
                b = endpoint.via().command(what, cmd);
            } else {
                cmd.add("--single-transaction");
                b = endpoint.via().command(what, cmd).stdin(in);
            }
            pass.apply(b).log(log).timeout(timeout).run();
        } finally {
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        }
        log.info(name + ": restored " + part + " into database '" + db + "' on " + target);
    }

    @Override
    public Map<String, Object> fingerprint(Map<String, String> options) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            var fingerprint = new LinkedHashMap<String, Object>();
            var perDatabase = new TreeMap<String, Object>();
            try {
                List<String> databases;
                if (opts.toDb() != null) {
                    databases = List.of(opts.toDb());
                } else if (ALL.equals(database)) {
                    try (Connection c = connect(target, "postgres")) {
                        databases = listDatabases(c);
                    }
                } else {
                    databases = List.of(database);
                }
                for (String db : databases) {
                    try (Connection c = connect(target, db)) {
                        fingerprint.putIfAbsent("serverVersion", ServerInfo.of(c).version());
                        c.setAutoCommit(false);
                        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                        perDatabase.put(db, PgFingerprint.of(c));
                        c.rollback();
                    }
                }
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
            try (Connection c = connect(target, db)) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    return rows(rs);
                } finally {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new IOException(name + " (query on database '" + db + "' at " + target + "): " + e.getMessage(), e);
            }
        }
    }

    static List<List<String>> rows(ResultSet rs) throws SQLException {
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
    }

    @Override
    public void dropDatabase(Map<String, String> options) throws IOException {
        try (ToolHost.Lease lease = endpoint.via().lease()) {
            var opts = RestoreOptions.parse(options);
            if (opts.toDb() == null || opts.toDb().equals(database)) {
                throw new IllegalArgumentException(name + ": refusing to drop the source's own database");
            }
            Endpoint target = endpoint.withOverrides(opts.toHost(), opts.toPort(), opts.toUser());
            try (Connection admin = connect(target, "postgres"); Statement st = admin.createStatement()) {
                st.execute("drop database if exists " + quoteIdent(admin, opts.toDb()) + " with (force)");
            } catch (SQLException e) {
                throw new IOException(name + " (dropping database '" + opts.toDb() + "' at " + target + "): "
                        + e.getMessage(), e);
            }
        }
    }

    private static List<String> listDatabases(Connection c) throws SQLException {
        var dbs = new ArrayList<String>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select datname from pg_database where not datistemplate"
                        + " and datallowconn order by datname collate \"C\"")) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        }
        return dbs;
    }

    private static Connection connect(Endpoint e, String db) throws SQLException {
        return e.connect(db);
    }

    private static String quoteIdent(Connection c, String ident) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select quote_ident(?)")) {
            ps.setString(1, ident);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** A database name as a libpq conninfo, so names with '=' or spaces are not misread as connection strings. */
    private static String conninfoDbname(String db) {
        return "dbname='" + db.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private String describe(String db) {
        return "source '" + name + "' (" + endpoint + (db == null ? "" : ", database '" + db + "'") + ")";
    }

    private IOException failure(String what, SQLException e) {
        return new IOException("postgres " + describe(ALL.equals(database) ? null : database) + ": " + what + ": "
                + e.getMessage(), e);
    }

    private static JobLog tolerating(JobLog log, String expected) {
        return new JobLog() {
            @Override
            public void info(String message) {
                log.info(message);
            }

            @Override
            public void warn(String message) {
                if (message.contains(expected)) {
                    log.info(message);
                } else {
                    log.warn(message);
                }
            }
        };
    }

    /** What the dump records about the server, and what decides which tool versions and SQL may be used. */
    record ServerInfo(String version, int versionNum, boolean superuser) {
        static ServerInfo of(Connection c) throws SQLException {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select current_setting('server_version'),"
                            + " current_setting('server_version_num')::int,"
                            + " (select rolsuper from pg_roles where rolname = current_user)")) {
                rs.next();
                return new ServerInfo(rs.getString(1), rs.getInt(2), rs.getBoolean(3));
            }
        }
    }

    /** The options a restore accepts; see {@link DumpSource#restore}. */
    record RestoreOptions(String toDb, String toHost, String toPort, String toUser, boolean force, boolean noOwner,
            boolean globals) {
        static final List<String> KEYS = List.of("toDb", "toHost", "toPort", "toUser", "force", "noOwner", "globals");

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
            return new RestoreOptions(blankToNull(options.get("toDb")), blankToNull(options.get("toHost")), port,
                    blankToNull(options.get("toUser")), bool(options, "force", false),
                    bool(options, "noOwner", false), bool(options, "globals", true));
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        private static boolean bool(Map<String, String> options, String key, boolean dflt) {
            String v = options.get(key);
            if (v == null || v.isBlank()) {
                return dflt;
            }
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }
    }
}
