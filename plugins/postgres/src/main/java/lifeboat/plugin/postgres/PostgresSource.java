package lifeboat.plugin.postgres;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import lifeboat.spi.JobLog;
import lifeboat.support.db.DatabaseSource;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.db.DumpPart;
import lifeboat.support.db.Jdbc;
import lifeboat.support.db.Leftovers;
import lifeboat.support.process.ToolCommand;
import lifeboat.support.process.ToolHost;
import org.postgresql.Driver;

/**
 * A PostgreSQL server's database (or all of them): dumped with pg_dump in custom format, uncompressed so the
 * core's zstd does the compressing, and restored with pg_restore. Safe for one dump or restore at a time per
 * instance; nothing is kept open between calls.
 */
final class PostgresSource extends DatabaseSource {
    static final Jdbc JDBC = new Jdbc("postgresql", new Driver(),
            Map.of("connectTimeout", "10", "ApplicationName", "lifeboat"), "08001");
    /** The restore flags of this source beside the shared ones: see {@link #restoreDatabase}, {@link #applyGlobals}. */
    private static final Map<String, Boolean> FLAGS = orderedFlags();

    /** A parallel restore's copy of a part is {@code restore-PID-*.pgdump} in the temporary directory. */
    private static final String SPOOL = "restore-";

    /** globals.sql holds roles and tablespaces; read whole before it is applied. */
    private static final int MAX_GLOBALS = 64 << 20;

    private final PgTools tools;
    private final int jobs;

    PostgresSource(String name, DbEndpoint endpoint, String database, PgTools tools, int jobs, Duration timeout,
            Path tmpDir) {
        super("postgres", name, endpoint, database, timeout, tmpDir, FLAGS);
        this.tools = requireNonNull(tools, "tools is null");
        this.jobs = jobs;
    }

    private static Map<String, Boolean> orderedFlags() {
        var flags = new LinkedHashMap<String, Boolean>();
        flags.put("noOwner", false);
        flags.put("globals", true);
        return flags;
    }

    @Override
    public Map<String, Object> dump(DumpOutput output, JobLog log) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            Path pgDump = tools.require("pg_dump");
            Path pgDumpAll = tools.require("pg_dumpall");
            String toolVersion = tools.version(pgDump, log);
            var fingerprint = new LinkedHashMap<String, Object>();
            List<String> databases;
            boolean superuser;
            try (Connection c = endpoint.connect(ALL.equals(database) ? "postgres" : database)) {
                var server = ServerInfo.of(c);
                PgTools.requireNotOlder(pgDump, toolVersion, server.versionNum(), server.version(), endpoint);
                fingerprint.put("serverVersion", server.version());
                fingerprint.put("dumpToolVersion", toolVersion);
                databases = ownDatabases(c);
                superuser = server.superuser();
            } catch (SQLException e) {
                throw failure(null, "cannot connect", e);
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
            log.warn(endpoint.user() + " is not a superuser; role passwords are not in the backup");
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
        try (Connection c = endpoint.connect(db)) {
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
            throw failure(null, "cannot dump database '" + db + "'", e);
        }
    }

    @Override
    public void restore(DumpInput input, Map<String, String> options, JobLog log) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            var opts = options(options);
            List<String> dumpParts = dumpParts(input, opts, PartNames::isDump, ".pgdump");
            DbEndpoint target = opts.target(endpoint);
            Path pgRestore = tools.require("pg_restore");
            Path psql = tools.require("psql");
            // a database cannot be renamed or dropped from a session connected to it, so restoring "postgres"
            // itself goes via template1 (never copied here: new databases come from template0)
            boolean restoresPostgres = opts.toDb() == null
                    ? dumpParts.stream().map(PartNames::database).anyMatch("postgres"::equals)
                    : opts.toDb().equals("postgres");
            String adminDb = restoresPostgres ? "template1" : "postgres";
            try (var pass = PgPassFile.create(target, tmpDir); Connection admin = target.connect(adminDb)) {
                int serverVersionNum = ServerInfo.of(admin).versionNum();
                var plan = new ArrayList<Planned>();
                for (String part : dumpParts) {
                    String db = opts.toDb() != null ? opts.toDb() : PartNames.database(part);
                    plan.add(new Planned(part, new Target(admin, serverVersionNum, target, db)));
                }
                removeSpools(log);
                prepare(plan, target, opts.force(), log);
                if (opts.flag("globals") && input.parts().contains(PartNames.GLOBALS)) {
                    applyGlobals(psql, target, readWhole(input, PartNames.GLOBALS, MAX_GLOBALS), pass, log);
                }
                restoreAll(input, plan, target, opts.force(), log, (part, scratch) ->
                        restoreDatabase(pgRestore, target, scratch, part, opts.flag("noOwner"), pass, log));
            } catch (SQLException e) {
                throw new IOException(name + " (restore to " + target + "): " + e.getMessage(), e);
            }
        }
    }

    /** Deletes the spooled parts of restores whose process is gone (killed half way). */
    private void removeSpools(JobLog log) throws IOException {
        for (Path gone : Leftovers.removeOrphans(tmpDir, SPOOL, ".pgdump")) {
            log.warn(name + ": deleted " + gone + ", the spooled dump part of an interrupted restore");
        }
    }

    /**
     * Roles and tablespaces come first so ownership and grants in the dumps can be restored. The target usually
     * has some roles already (at least the one we connect as), so psql runs without ON_ERROR_STOP and "already
     * exists" errors are expected; existing roles get the attributes and password they had at backup time. The
     * part was read whole and checked before: it changes the server itself, which no swap can undo.
     */
    private void applyGlobals(Path psql, DbEndpoint target, byte[] globals, PgPassFile pass, JobLog log)
            throws IOException {
        var cmd = List.of(psql.toString(), "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=0",
                "-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user(), "-d", "postgres",
                "-f", "-");
        pass.apply(endpoint.via().command("psql applying globals.sql on " + target, cmd))
                .stdin(new ByteArrayInputStream(globals)).log(tolerating(log, "already exists")).timeout(timeout)
                .run();
    }

    /** A restore's database; the scratch databases it is restored into are copies of template0. */
    private record Target(Connection admin, int serverVersionNum, DbEndpoint server, String name)
            implements TargetDatabase {
        private static final int RENAME_ATTEMPTS = 5;

        @Override
        public boolean exists() throws SQLException {
            return owner(name) != null;
        }

        /** The database's owner, or null when there is no such database. */
        private String owner(String db) throws SQLException {
            try (PreparedStatement ps = admin.prepareStatement("select pg_get_userbyid(datdba) from pg_database"
                    + " where datname = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }

        @Override
        public boolean isEmpty() throws SQLException {
            try (Connection c = server.connect(name); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select (select count(*) from pg_class c join pg_namespace n"
                            + " on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema')"
                            + " and n.nspname !~ '^pg_(toast|temp)') + (select count(*) from pg_proc p"
                            + " join pg_namespace n on n.oid = p.pronamespace"
                            + " where n.nspname not in ('pg_catalog', 'information_schema'))")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }

        @Override
        public void createScratch(String scratch) throws SQLException {
            try (Statement st = admin.createStatement()) {
                // template0: template1 may hold local additions that would clash with the dump's objects
                st.execute("create database " + quoteIdent(admin, scratch) + " template template0");
            }
        }

        @Override
        public void dropScratch(String scratch) throws SQLException {
            try (Statement st = admin.createStatement()) {
                st.execute("drop database if exists " + quoteIdent(admin, scratch)
                        + (serverVersionNum >= 130000 ? " with (force)" : ""));
            }
        }

        @Override
        public List<String> serverDatabases() throws SQLException {
            return firstColumn(admin, "select datname from pg_database order by datname collate \"C\"");
        }

        @Override
        public boolean inUse(String db) throws SQLException {
            return count(admin, "select count(*) from pg_stat_activity"
                    + " where datname = ? and pid <> pg_backend_pid()", db) > 0;
        }

        /** The swap renames the database away before the restored one takes its name: a kill in between. */
        @Override
        public String putBack(String old) throws SQLException {
            if (exists()) {
                return "database '" + old + "' on " + server + " holds what '" + name + "' held before an interrupted"
                        + " restore replaced it; kept: check '" + name + "' and drop '" + old + "' by hand";
            }
            rename(old, name);
            return "database '" + name + "' on " + server + " was missing after an interrupted restore; its previous"
                    + " content, left as '" + old + "', has its name again";
        }

        /**
         * Renames: the old database to a dated name (its sessions ended first, as a rename requires), the new one
         * to the name, then the old one is dropped. If the second rename fails the old one gets its name back.
         */
        @Override
        public void swapIn(String scratch, JobLog log) throws SQLException {
            String owner = owner(name);
            if (owner == null) {
                rename(scratch, name);
                return;
            }
            if (!owner.equals(owner(scratch))) {
                try (Statement st = admin.createStatement()) {
                    st.execute("alter database " + quoteIdent(admin, scratch) + " owner to " + quoteIdent(admin, owner));
                } catch (SQLException e) {
                    log.warn("could not give the restored database '" + name + "' its previous owner " + owner
                            + ": " + e.getMessage());
                }
            }
            String old = scratchName(name, "old");
            log.info("replacing database '" + name + "': it is renamed '" + old + "' until the restored one has its"
                    + " name, then dropped");
            renameAway(name, old);
            try {
                rename(scratch, name);
            } catch (SQLException e) {
                try {
                    rename(old, name);
                } catch (SQLException back) {
                    e.addSuppressed(new SQLException("the previous database is now named '" + old
                            + "'; rename it back by hand: " + back.getMessage(), back));
                }
                throw e;
            }
            try (Statement st = admin.createStatement()) {
                terminate(old);
                st.execute("drop database " + quoteIdent(admin, old)
                        + (serverVersionNum >= 130000 ? " with (force)" : ""));
            } catch (SQLException e) {
                log.warn("the restored database replaced '" + name + "'; the previous one, renamed '" + old
                        + "', could not be dropped; drop it by hand: " + e.getMessage());
            }
        }

        /** Ends the sessions in {@code db} and renames it; sessions that connect in between get another try. */
        private void renameAway(String db, String to) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                terminate(db);
                try {
                    rename(db, to);
                    return;
                } catch (SQLException e) {
                    // 55006: "database is being accessed by other users"
                    if (!"55006".equals(e.getSQLState()) || attempt == RENAME_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }

        private void terminate(String db) throws SQLException {
            try (PreparedStatement ps = admin.prepareStatement("select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where datname = ? and pid <> pg_backend_pid()")) {
                ps.setString(1, db);
                ps.executeQuery().close();
            }
        }

        private void rename(String from, String to) throws SQLException {
            try (Statement st = admin.createStatement()) {
                st.execute("alter database " + quoteIdent(admin, from) + " rename to " + quoteIdent(admin, to));
            }
        }
    }

    /**
     * pg_restore reads the part on stdin, in one transaction and stopping at the first error. Ownership is kept by
     * default because globals.sql recreated the roles; noOwner=true is for targets where the roles differ. With
     * jobs > 1 the part is spooled to a temporary file first (and so checked whole before pg_restore starts), since
     * parallel pg_restore needs a seekable archive.
     */
    private void restoreDatabase(Path pgRestore, DbEndpoint target, String db, DumpPart in, boolean noOwner,
            PgPassFile pass, JobLog log) throws IOException {
        var cmd = new ArrayList<>(List.of(pgRestore.toString(), "--no-password", "--exit-on-error",
                "-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user(),
                "-d", conninfoDbname(db)));
        if (noOwner) {
            cmd.add("--no-owner");
            cmd.add("--no-privileges");
        }
        String what = "pg_restore of " + in.name() + " into database '" + db + "' on " + target;
        Path spool = null;
        try {
            ToolCommand b;
            if (jobs > 1) {
                Files.createDirectories(tmpDir);
                spool = Files.createTempFile(tmpDir, SPOOL + ProcessHandle.current().pid() + "-", ".pgdump");
                Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
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
    }

    /** One connection per database: PostgreSQL reads a database's catalog only from a session in it. */
    @Override
    protected String fingerprintInto(DbEndpoint target, List<String> databases, Map<String, Object> perDatabase)
            throws SQLException {
        String version = null;
        for (String db : databases) {
            try (Connection c = target.connect(db)) {
                if (version == null) {
                    version = ServerInfo.of(c).version();
                }
                perDatabase.put(db, inSnapshot(c, PgFingerprint::of));
            }
        }
        return version;
    }

    @Override
    protected void checkTools() throws IOException {
        for (String program : List.of("pg_dump", "pg_dumpall", "pg_restore", "psql")) {
            tools.require(program);
        }
    }

    @Override
    protected String adminDatabase() {
        return "postgres";
    }

    @Override
    protected String dropDatabaseSql(Connection admin, String db) throws SQLException {
        return "drop database if exists " + quoteIdent(admin, db) + " with (force)";
    }

    @Override
    protected List<String> listDatabases(Connection c) throws SQLException {
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
}
