package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What {@link #scratchName} makes: the (perhaps shortened) name, the kind, the stamp and four hex digits. */
    private static final Pattern SCRATCH = Pattern.compile("(.*)_lb(new|old)_(\\d{14})_([0-9a-f]{4})",
            Pattern.DOTALL);
    /** The length of the tag {@link #scratchName} appends: {@code _lbnew_yyyyMMddHHmmss_hhhh}. */
    private static final int TAG_LENGTH = 26;

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
        if (!ALL.equals(database)) {
            return List.of(database);
        }
        // a restore's scratch databases (one running now, or one a kill -9 left) are not the school's
        return listDatabases(c).stream().filter(db -> !isScratch(db)).toList();
    }

    /** A name {@link #scratchName} made: a restore's scratch database or the one it replaced. */
    public static boolean isScratch(String db) {
        return SCRATCH.matcher(db).matches();
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

    /**
     * What {@code check-config} runs (the SPI's {@code Source#check}): the client programs are found, and the
     * source's database (for {@link #ALL}, the server) accepts a login now. Throws naming the source, the server,
     * the database and what failed: refused, unknown host, password, no such database. Changes nothing.
     */
    public void check() throws IOException {
        try (ToolHost.Lease lease = lease()) {
            checkTools();
            String db = ALL.equals(database) ? adminDatabase() : database;
            try (Connection c = endpoint.connect(db); Statement st = c.createStatement()) {
                st.execute("select 1");
            } catch (SQLException e) {
                throw failure(db.isEmpty() ? null : db, "cannot connect and log in", e);
            }
        }
    }

    /** Fails naming the Debian package when a client program the source runs is missing. */
    protected abstract void checkTools() throws IOException;

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

    /**
     * The first column of every row {@code sql} returns on {@code c}, in order, {@code params} bound to its
     * {@code ?}s; what a {@link TargetDatabase} lists databases with.
     */
    protected static List<String> firstColumn(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** The number a {@code select count(*)} query {@code sql} returns on {@code c}, {@code params} bound. */
    protected static long count(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, String... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    @Override
    public List<List<String>> query(Map<String, String> options, String sql) throws IOException {
        return query(options, sql, null);
    }

    /**
     * With a {@code timeout}, the statement is cancelled by the server once it runs that long (in whole seconds, at
     * least 1).
     */
    @Override
    public List<List<String>> query(Map<String, String> options, String sql, Duration timeout) throws IOException {
        try (ToolHost.Lease lease = lease()) {
            var opts = options(options);
            DbEndpoint target = opts.target(endpoint);
            String db = opts.toDb() != null ? opts.toDb() : database;
            try (Connection c = target.connect(db)) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                try (Statement st = c.createStatement()) {
                    if (timeout != null) {
                        long seconds = (timeout.toMillis() + 999) / 1000;
                        st.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds)));
                    }
                    try (ResultSet rs = st.executeQuery(sql)) {
                        return rows(rs);
                    }
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
     * Restores each part into a new scratch database and puts the scratch databases in place only after every part
     * restored and read to its end without error (so its size and SHA-256 matched), so a corrupt dump or a failing
     * tool leaves every existing database as it was. An existing database that is not empty is replaced only with
     * {@code force}; that is checked for all of them before anything changes. Failed restores drop their scratch
     * databases.
     */
    protected final void restoreAll(DumpInput input, List<Planned> plan, DbEndpoint target, boolean force,
            JobLog log, PartRestore restorer) throws IOException, SQLException {
        prepare(plan, target, force, log);
        var scratches = new ArrayList<String>();
        try {
            for (Planned p : plan) {
                String scratch = scratchName(p.db().name(), "new");
                p.db().createScratch(scratch);
                scratches.add(scratch);
                log.info("restoring " + p.part() + " into the new database '" + scratch + "' on " + target
                        + "; it replaces '" + p.db().name() + "' once the restore succeeded");
                try (DumpPart part = new DumpPart(p.part(), input.open(p.part()))) {
                    restorePart(part, scratch, restorer);
                }
            }
        } catch (IOException | SQLException | RuntimeException e) {
            for (int i = 0; i < scratches.size(); i++) {
                try {
                    plan.get(i).db().dropScratch(scratches.get(i));
                } catch (SQLException | RuntimeException dropFailed) {
                    e.addSuppressed(new IOException("could not drop the scratch database '" + scratches.get(i)
                            + "'; drop it by hand: " + dropFailed.getMessage(), dropFailed));
                }
            }
            throw e;
        }
        var replaced = new ArrayList<String>();
        for (int i = 0; i < plan.size(); i++) {
            TargetDatabase db = plan.get(i).db();
            try {
                db.swapIn(scratches.get(i), log);
            } catch (SQLException | IOException | RuntimeException e) {
                var failed = new IOException(name + ": the backup restored, but could not replace database '"
                        + db.name() + "' on " + target + ", which is as it was"
                        + (replaced.isEmpty() ? "" : " (already replaced: " + replaced + ")") + ": " + e.getMessage(),
                        e);
                for (int j = i; j < plan.size(); j++) {
                    try {
                        plan.get(j).db().dropScratch(scratches.get(j));
                    } catch (SQLException | RuntimeException dropFailed) {
                        failed.addSuppressed(dropFailed);
                    }
                }
                throw failed;
            }
            replaced.add(db.name());
            log.info("restored " + plan.get(i).part() + " into database '" + db.name() + "' on " + target);
        }
    }

    /**
     * Cleans up after a restore into the planned databases that was killed half way (kill -9, power loss), then
     * fails as {@link #refuseUnlessForced} does. For each database: the scratch databases an interrupted restore
     * left ({@code NAME_lbnew_*}) are dropped unless a session still uses them (a restore running now); a database
     * it had moved aside ({@code NAME_lbold_*}) is put back when the database itself is missing (the newest one),
     * otherwise it is kept, with a warning, for someone to check and drop. Each step is logged as a warning.
     */
    protected final void prepare(List<Planned> plan, DbEndpoint target, boolean force, JobLog log)
            throws IOException, SQLException {
        for (Planned p : plan) {
            recoverInterrupted(p.db(), target, log);
        }
        refuseUnlessForced(plan, target, force);
    }

    private void recoverInterrupted(TargetDatabase db, DbEndpoint target, JobLog log)
            throws IOException, SQLException {
        String prefix = scratchPrefix(db.name());
        var scratches = new ArrayList<String>();
        var moved = new ArrayList<String>();
        for (String other : db.serverDatabases()) {
            Matcher m = SCRATCH.matcher(other);
            if (m.matches() && m.group(1).equals(prefix)) {
                (m.group(2).equals("new") ? scratches : moved).add(other);
            }
        }
        // newest first: the stamp follows the same prefix, so the names sort by time
        moved.sort(Collections.reverseOrder());
        for (String old : moved) {
            if (!prefix.equals(db.name())) {
                log.warn(name + ": database '" + old + "' on " + target + " was left by an interrupted restore of a"
                        + " database whose name begins '" + prefix + "'; kept, check it and drop it by hand");
                continue;
            }
            log.warn(name + ": " + db.putBack(old));
        }
        for (String scratch : scratches) {
            if (db.inUse(scratch)) {
                log.warn(name + ": scratch database '" + scratch + "' on " + target + " is in use (another restore"
                        + " running?); left alone");
                continue;
            }
            db.dropScratch(scratch);
            log.warn(name + ": dropped the scratch database '" + scratch + "' on " + target + ", left by an"
                    + " interrupted restore of '" + db.name() + "'");
        }
    }

    /** Fails, before anything changed, when a database that is not empty would be replaced without force. */
    protected final void refuseUnlessForced(List<Planned> plan, DbEndpoint target, boolean force)
            throws IOException, SQLException {
        for (Planned p : plan) {
            if (!force && p.db().exists() && !p.db().isEmpty()) {
                throw new IOException(name + ": database '" + p.db().name() + "' on " + target
                        + " exists and is not empty; restore with --force to replace it (it is replaced only once"
                        + " the backup restored completely), or choose another --to-db");
            }
        }
    }

    /**
     * A small part read whole and checked before any of it is used (PostgreSQL's globals.sql, applied to the
     * server itself).
     */
    protected final byte[] readWhole(DumpInput input, String name, int maxBytes) throws IOException {
        try (DumpPart part = new DumpPart(name, input.open(name))) {
            byte[] bytes;
            try {
                bytes = part.readNBytes(maxBytes);
                part.finish();
            } catch (IOException bad) {
                throw corrupt(part, bad, null);
            }
            if (bytes.length == maxBytes) {
                throw new IOException(this.name + ": dump part " + name + " is larger than " + maxBytes
                        + " bytes; not applied");
            }
            return bytes;
        }
    }

    /** A tool's failure caused by a corrupt part is reported as the corruption, the tool's words added. */
    private void restorePart(DumpPart part, String scratch, PartRestore restorer) throws IOException, SQLException {
        try {
            restorer.restore(part, scratch);
        } catch (IOException | SQLException | RuntimeException e) {
            IOException bad = part.failure();
            if (bad == null) {
                try {
                    part.finish();
                } catch (IOException found) {
                    bad = found;
                }
            }
            if (bad != null) {
                throw corrupt(part, bad, e);
            }
            throw e;
        }
        try {
            part.finish();
        } catch (IOException bad) {
            throw corrupt(part, bad, null);
        }
    }

    private IOException corrupt(DumpPart part, IOException bad, Exception toolError) {
        var e = new IOException(name + ": dump part " + part.name() + " is corrupt or unreadable, nothing was"
                + " replaced: " + bad.getMessage(), bad);
        if (toolError != null) {
            e.addSuppressed(toolError);
        }
        return e;
    }

    /**
     * A name for a scratch database beside {@code db}, unique enough for concurrent restores, at most 63 bytes
     * (PostgreSQL's limit; MariaDB's is 64 characters).
     */
    protected static String scratchName(String db, String kind) {
        String tag = "_lb" + kind + "_" + STAMP.format(LocalDateTime.now()) + "_"
                + Integer.toHexString(0x1000 + RANDOM.nextInt(0xf000));
        return scratchPrefix(db) + tag;
    }

    /** The part of {@code db} its scratch names begin with: all of it, or as much as fits in 63 bytes. */
    private static String scratchPrefix(String db) {
        int room = 63 - TAG_LENGTH;
        StringBuilder prefix = new StringBuilder();
        for (int cp : db.codePoints().toArray()) {
            String next = new String(Character.toChars(cp));
            if (prefix.toString().getBytes(StandardCharsets.UTF_8).length
                    + next.getBytes(StandardCharsets.UTF_8).length > room) {
                break;
            }
            prefix.append(next);
        }
        return prefix.toString();
    }

    /** One part of a restore and the database it replaces. */
    public record Planned(String part, TargetDatabase db) {
    }

    /** Restores one part into the scratch database, reading it only from {@code part}. */
    @FunctionalInterface
    protected interface PartRestore {
        void restore(DumpPart part, String scratch) throws IOException, SQLException;
    }

    /** One database on a restore's target server, as a plugin's SQL sees it. */
    public interface TargetDatabase {
        String name();

        boolean exists() throws SQLException;

        /** No tables, routines or other objects of its own. */
        boolean isEmpty() throws SQLException;

        /** Creates the empty database a part is restored into before it replaces this one. */
        void createScratch(String scratch) throws SQLException;

        /** Drops a scratch database, if it exists. */
        void dropScratch(String scratch) throws SQLException;

        /** Every database of the server by its name, scratch databases included. */
        List<String> serverDatabases() throws SQLException;

        /** A session other than ours is connected to {@code db}. */
        boolean inUse(String db) throws SQLException;

        /**
         * Deals with {@code old}, which an interrupted {@link #swapIn} had moved this database's content to: when
         * this database is missing (or lost its content to the move) the content is put back under
         * {@link #name()}; otherwise it is kept for someone to check. Never drops data.
         *
         * @return what it did, for the log, naming both databases
         */
        String putBack(String old) throws SQLException, IOException;

        /**
         * Puts the restored scratch database in place under {@link #name()}. The database it replaces is kept
         * until the new one is in place, then dropped; on failure it is left (or put back) as it was.
         */
        void swapIn(String scratch, JobLog log) throws SQLException, IOException;
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
