package lifeboat.core.catalog;

import lifeboat.core.model.BackupStatus;

import lifeboat.core.model.Level;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The catalog database: backups, their copies and objects, verifications and restores. H2 (embedded, the default)
 * or PostgreSQL, its schema kept by Flyway migrations chosen per database. One connection; thread-safe because
 * every method is synchronized. Each write is one transaction.
 */
public final class Catalog implements AutoCloseable {
    private final Connection connection;
    private final String url;

    private final Outbox outbox;

    private Catalog(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
        this.outbox = new Outbox(this, connection);
    }

    /** Events, open alerts and the notification outbox, in this catalog's connection. */
    public Outbox outbox() {
        return outbox;
    }

    /** The newest migration's version; raise it with every new {@code V<n>__*.sql} (a test checks). */
    static final int SCHEMA_VERSION = 5;

    /** Opens the catalog and brings its schema up to date. */
    public static Catalog open(String url) throws SQLException {
        String effective = effectiveUrl(url);
        Connection c = connect(effective);
        try {
            if (!upToDate(c)) {
                String vendor = effective.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
                Flyway.configure(Catalog.class.getClassLoader())
                        .dataSource(effective, null, null)
                        .locations("classpath:db/migration/" + vendor)
                        .failOnMissingLocations(true)
                        .load()
                        .migrate();
            }
            c.setAutoCommit(true);
            return new Catalog(c, effective);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** H2's "connection broken" (90067): the auto-server named in the lock file has just gone away. */
    private static final int H2_CONNECTION_BROKEN = 90067;
    /** H2's "error opening database" (8000), transient when the reason is a lock file the previous owner just left. */
    private static final int H2_ERROR_OPENING = 8000;

    /**
     * Connects, riding out H2's auto-server handover: when the process serving an H2 file closes it just as another
     * starts (a `list` ending as the daemon starts), the newcomer reads the old server's address from the lock file
     * and is refused, or finds the lock file just touched; a moment later it can open the file itself. Only those
     * errors are retried, for up to about ten seconds.
     */
    private static Connection connect(String url) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                if (!handingOver(e) || attempt >= 15) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean handingOver(SQLException e) {
        return e.getErrorCode() == H2_CONNECTION_BROKEN || (e.getErrorCode() == H2_ERROR_OPENING
                && String.valueOf(e.getMessage()).contains("Lock file recently modified"));
    }

    /**
     * Flyway takes about a second to start; every CLI command opens the catalog, so skip it when the newest
     * migration has already been applied.
     */
    private static boolean upToDate(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from \"flyway_schema_history\" where \"version\" = '"
                        + SCHEMA_VERSION + "' and \"success\" = true")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
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
     * runs) shares it instead of failing on the file lock, and with every commit written at once.
     */
    public static String effectiveUrl(String url) {
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase().contains("AUTO_SERVER")) {
            url = url + ";AUTO_SERVER=TRUE";
        }
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase().contains("WRITE_DELAY")) {
            // H2 writes commits up to 500 ms late by default: a run killed within that time would lose its
            // 'running' row, and with it the Janitor's only way to find and remove what the run left on storage
            url = url + ";WRITE_DELAY=0";
        }
        return url;
    }

    /** The URL in use, for messages; credentials in it are masked. */
    public String describe() {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    public synchronized void insertBackup(BackupRecord b) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "insert into backups (id, source, source_type, kind, level, parent_id, full_id, status, started_at,"
                        + " finished_at, files, bytes, stored_bytes, owner, error, details)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.id());
            ps.setString(2, b.source());
            ps.setString(3, b.sourceType());
            ps.setString(4, b.kind());
            ps.setString(5, b.level().label());
            ps.setString(6, b.parentId());
            ps.setString(7, b.fullId());
            ps.setString(8, b.status().label());
            ps.setTimestamp(9, ts(b.startedAt()));
            ps.setTimestamp(10, ts(b.finishedAt()));
            ps.setLong(11, b.files());
            ps.setLong(12, b.bytes());
            ps.setLong(13, b.storedBytes());
            ps.setString(14, b.owner());
            ps.setString(15, truncate(b.error()));
            ps.setString(16, b.details());
            ps.executeUpdate();
        }
    }

    /**
     * Records how a backup ended, with its objects and copies, in one transaction: a backup is never complete in
     * the catalog without its objects.
     */
    public synchronized void finishBackup(BackupRecord b, List<ObjectRecord> objects, List<CopyRecord> copies)
            throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "update backups set status = ?, finished_at = ?, files = ?, bytes = ?, stored_bytes = ?, error = ?,"
                            + " details = ?, level = ?, parent_id = ?, full_id = ? where id = ?")) {
                ps.setString(1, b.status().label());
                ps.setTimestamp(2, ts(b.finishedAt()));
                ps.setLong(3, b.files());
                ps.setLong(4, b.bytes());
                ps.setLong(5, b.storedBytes());
                ps.setString(6, truncate(b.error()));
                ps.setString(7, b.details());
                ps.setString(8, b.level().label());
                ps.setString(9, b.parentId());
                ps.setString(10, b.fullId());
                ps.setString(11, b.id());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("backup " + b.id() + " is not in the catalog");
                }
            }
            insertObjects(objects);
            insertCopies(copies);
            return null;
        });
    }

    private void insertObjects(List<ObjectRecord> objects) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "insert into backup_objects (backup_id, storage, object_key, size, sha256) values (?, ?, ?, ?, ?)")) {
            for (ObjectRecord o : objects) {
                ps.setString(1, o.backupId());
                ps.setString(2, o.storage());
                ps.setString(3, o.key());
                ps.setLong(4, o.size());
                ps.setString(5, o.sha256());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertCopies(List<CopyRecord> copies) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "insert into backup_copies (backup_id, storage, status, committed_at) values (?, ?, ?, ?)")) {
            for (CopyRecord c : copies) {
                ps.setString(1, c.backupId());
                ps.setString(2, c.storage());
                ps.setString(3, c.status());
                ps.setTimestamp(4, ts(c.committedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records a complete copy of a backup on another target, with its objects, in one transaction. */
    public synchronized void addCopy(CopyRecord copy, List<ObjectRecord> objects) throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "delete from backup_objects where backup_id = ? and storage = ?")) {
                ps.setString(1, copy.backupId());
                ps.setString(2, copy.storage());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "delete from backup_copies where backup_id = ? and storage = ?")) {
                ps.setString(1, copy.backupId());
                ps.setString(2, copy.storage());
                ps.executeUpdate();
            }
            insertObjects(objects);
            insertCopies(List.of(copy));
            return null;
        });
    }

    public synchronized void markFailed(String id, String error, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "update backups set status = 'failed', error = ?, finished_at = ? where id = ? and status = 'running'")) {
            ps.setString(1, truncate(error));
            ps.setTimestamp(2, ts(at));
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    public synchronized Optional<BackupRecord> backup(String id) throws SQLException {
        List<BackupRecord> r = queryBackups("where id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Backups of one source (or all when null), oldest first. */
    public synchronized List<BackupRecord> backups(String source) throws SQLException {
        return source == null ? queryBackups("order by started_at, id")
                : queryBackups("where source = ? order by started_at, id", source);
    }

    /** Backups started in [from, to), oldest first. */
    public synchronized List<BackupRecord> backupsBetween(Instant from, Instant to) throws SQLException {
        return queryBackups("where started_at >= ? and started_at < ? order by source, started_at, id", ts(from), ts(to));
    }

    public synchronized List<BackupRecord> running() throws SQLException {
        return queryBackups("where status = 'running' order by started_at");
    }

    /** The newest usable backup of a source, optionally only fulls. */
    public synchronized Optional<BackupRecord> latestUsable(String source, boolean fullOnly) throws SQLException {
        List<BackupRecord> r = queryBackups("where source = ? and status in ('complete', 'partial')"
                + (fullOnly ? " and level = 'full'" : "") + " order by started_at desc, id desc", source);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    public synchronized List<ObjectRecord> objects(String backupId) throws SQLException {
        List<ObjectRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select backup_id, storage, object_key, size, sha256,"
                + " last_verified_at from backup_objects where backup_id = ? order by storage, object_key")) {
            ps.setString(1, backupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ObjectRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), instant(rs.getTimestamp(6))));
                }
            }
        }
        return out;
    }

    public synchronized List<CopyRecord> copies(String backupId) throws SQLException {
        List<CopyRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "select backup_id, storage, status, committed_at from backup_copies where backup_id = ? order by storage")) {
            ps.setString(1, backupId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CopyRecord(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4))));
                }
            }
        }
        return out;
    }

    /** Stores a verification result with its findings; marks the checked objects as verified when it passed. */
    public synchronized long recordVerification(VerificationRecord v, List<FindingRow> findings, List<String> verifiedKeys)
            throws SQLException {
        return inTransaction(() -> {
            long id;
            try (PreparedStatement ps = connection.prepareStatement(
                    "insert into verifications (backup_id, storage, mode, status, started_at, finished_at,"
                            + " objects_checked, files_checked, bytes_read, findings) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, v.backupId());
                ps.setString(2, v.storage());
                ps.setString(3, v.mode());
                ps.setString(4, v.status());
                ps.setTimestamp(5, ts(v.startedAt()));
                ps.setTimestamp(6, ts(v.finishedAt()));
                ps.setLong(7, v.objectsChecked());
                ps.setLong(8, v.filesChecked());
                ps.setLong(9, v.bytesRead());
                ps.setInt(10, v.findings());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("insert into verification_findings"
                    + " (verification_id, kind, object_key, path, message) values (?, ?, ?, ?, ?)")) {
                for (FindingRow f : findings) {
                    ps.setLong(1, id);
                    ps.setString(2, f.kind());
                    ps.setString(3, f.objectKey());
                    ps.setString(4, f.path());
                    ps.setString(5, truncate(f.message()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = connection.prepareStatement("update backup_objects set last_verified_at = ?"
                    + " where backup_id = ? and storage = ? and object_key = ?")) {
                for (String key : verifiedKeys) {
                    ps.setTimestamp(1, ts(v.finishedAt()));
                    ps.setString(2, v.backupId());
                    ps.setString(3, v.storage());
                    ps.setString(4, key);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        });
    }

    /** A finding as stored with a verification. */
    public record FindingRow(String kind, String objectKey, String path, String message) {
    }

    public synchronized List<VerificationRecord> verifications(String backupId) throws SQLException {
        return queryVerifications("where backup_id = ? order by finished_at, id", backupId);
    }

    /** Verifications finished in [from, to), oldest first. */
    public synchronized List<VerificationRecord> verificationsBetween(Instant from, Instant to) throws SQLException {
        return queryVerifications("where finished_at >= ? and finished_at < ? order by finished_at, id", ts(from), ts(to));
    }

    private List<VerificationRecord> queryVerifications(String where, Object... args) throws SQLException {
        List<VerificationRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id, backup_id, storage, mode, status, started_at,"
                + " finished_at, objects_checked, files_checked, bytes_read, findings from verifications " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VerificationRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getLong(8),
                            rs.getLong(9), rs.getLong(10), rs.getInt(11)));
                }
            }
        }
        return out;
    }

    public synchronized long startRestore(String backupId, String storage, String target, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("insert into restores (backup_id, storage, target, status,"
                + " started_at) values (?, ?, ?, 'running', ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, backupId);
            ps.setString(2, storage);
            ps.setString(3, target);
            ps.setTimestamp(4, ts(at));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public synchronized void finishRestore(long id, String status, long files, long bytes, String error, Instant at)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "update restores set status = ?, files = ?, bytes = ?, error = ?, finished_at = ? where id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, files);
            ps.setLong(3, bytes);
            ps.setString(4, truncate(error));
            ps.setTimestamp(5, ts(at));
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    /** Restores, newest first: status per restore id. */
    public synchronized List<String[]> restores() throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("select id, backup_id, target, status from restores order by id desc")) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return out;
    }

    public synchronized long startTrial(String backupId, String source, String scratch, String owner, Instant at)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("insert into trial_restores (backup_id, source, status,"
                + " scratch, owner, started_at) values (?, ?, 'running', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, backupId);
            ps.setString(2, source);
            ps.setString(3, scratch);
            ps.setString(4, owner);
            ps.setTimestamp(5, ts(at));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Records how a trial restore ended, with every check, in one transaction. */
    public synchronized void finishTrial(long id, String status, Instant at, long durationMs, long bytes, long rows,
            String error, List<TrialRecord.CheckRecord> checks) throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement("update trial_restores set status = ?, finished_at = ?,"
                    + " duration_ms = ?, bytes = ?, rows_restored = ?, error = ? where id = ?")) {
                ps.setString(1, status);
                ps.setTimestamp(2, ts(at));
                ps.setLong(3, durationMs);
                ps.setLong(4, bytes);
                ps.setLong(5, rows);
                ps.setString(6, truncate(error));
                ps.setLong(7, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "insert into trial_checks (trial_id, name, status, detail) values (?, ?, ?, ?)")) {
                for (TrialRecord.CheckRecord c : checks) {
                    ps.setLong(1, id);
                    ps.setString(2, c.name());
                    ps.setString(3, c.status());
                    ps.setString(4, truncate(c.detail()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Trial restores of one source (or all when null), oldest first, with their checks. */
    public synchronized List<TrialRecord> trials(String source) throws SQLException {
        return source == null ? queryTrials("order by started_at, id")
                : queryTrials("where source = ? order by started_at, id", source);
    }

    /** Trial restores started in [from, to), oldest first, with their checks. */
    public synchronized List<TrialRecord> trialsBetween(Instant from, Instant to) throws SQLException {
        return queryTrials("where started_at >= ? and started_at < ? order by started_at, id", ts(from), ts(to));
    }

    private List<TrialRecord> queryTrials(String where, Object... args) throws SQLException {
        List<TrialRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id, backup_id, source, status, scratch, owner,"
                + " started_at, finished_at, duration_ms, bytes, rows_restored, error from trial_restores " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long dur = rs.getLong(9);
                    Long duration = rs.wasNull() ? null : dur;
                    out.add(new TrialRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
                            duration, rs.getLong(10), rs.getLong(11), rs.getString(12), List.of()));
                }
            }
        }
        List<TrialRecord> withChecks = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "select name, status, detail from trial_checks where trial_id = ? order by name")) {
            for (TrialRecord t : out) {
                ps.setLong(1, t.id());
                List<TrialRecord.CheckRecord> checks = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        checks.add(new TrialRecord.CheckRecord(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
                withChecks.add(new TrialRecord(t.id(), t.backupId(), t.source(), t.status(), t.scratch(), t.owner(),
                        t.startedAt(), t.finishedAt(), t.durationMs(), t.bytes(), t.rows(), t.error(), checks));
            }
        }
        return withChecks;
    }

    public synchronized void markTrialAbandoned(long id, String error, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("update trial_restores set status = 'failed',"
                + " error = ?, finished_at = ? where id = ? and status = 'running'")) {
            ps.setString(1, truncate(error));
            ps.setTimestamp(2, ts(at));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Records a new recovery run and its planned steps in one transaction; returns the run id. */
    public synchronized long startRecovery(String plan, String owner, Instant at, Instant before,
            boolean continueOnFailure, List<RecoveryRecord.Step> steps) throws SQLException {
        return inTransaction(() -> {
            long id;
            try (PreparedStatement ps = connection.prepareStatement("insert into recovery_runs (plan, status, owner,"
                    + " started_at, before_time, continue_on_failure) values (?, 'running', ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, plan);
                ps.setString(2, owner);
                ps.setTimestamp(3, ts(at));
                ps.setTimestamp(4, ts(before));
                ps.setBoolean(5, continueOnFailure);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("insert into recovery_steps (run_id, source,"
                    + " priority, backup_id, backup_started_at, target, status, detail) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RecoveryRecord.Step st : steps) {
                    ps.setLong(1, id);
                    ps.setString(2, st.source());
                    ps.setInt(3, st.priority());
                    ps.setString(4, st.backup());
                    ps.setTimestamp(5, ts(st.backupStartedAt()));
                    ps.setString(6, truncate(st.target()));
                    ps.setString(7, st.status());
                    ps.setString(8, truncate(st.detail()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        });
    }

    /**
     * Moves a step to {@code status}; {@code startedAt} and {@code finishedAt} are only written when not null, and
     * a restarted step ({@code started}) clears its finish time.
     */
    public synchronized void updateRecoveryStep(long runId, String source, String status, Instant startedAt,
            Instant finishedAt, String detail) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("update recovery_steps set status = ?,"
                + " started_at = coalesce(?, started_at), finished_at = " + (status.equals("started") ? "null"
                        : "coalesce(?, finished_at)") + ", detail = ? where run_id = ? and source = ?")) {
            int i = 1;
            ps.setString(i++, status);
            ps.setTimestamp(i++, ts(startedAt));
            if (!status.equals("started")) {
                ps.setTimestamp(i++, ts(finishedAt));
            }
            ps.setString(i++, truncate(detail));
            ps.setLong(i++, runId);
            ps.setString(i, source);
            ps.executeUpdate();
        }
    }

    public synchronized void finishRecovery(long runId, String status, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "update recovery_runs set status = ?, finished_at = ? where id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, ts(at));
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    /** Marks a run running again (resumed) under a new owner. */
    public synchronized void resumeRecovery(long runId, String owner) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "update recovery_runs set status = 'running', owner = ?, finished_at = null where id = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    public synchronized Optional<RecoveryRecord> recovery(long runId) throws SQLException {
        RecoveryRecord run = null;
        try (PreparedStatement ps = connection.prepareStatement("select id, plan, status, owner, started_at,"
                + " finished_at, before_time, continue_on_failure from recovery_runs where id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    run = new RecoveryRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                            rs.getBoolean(8), List.of());
                }
            }
        }
        if (run == null) {
            return Optional.empty();
        }
        List<RecoveryRecord.Step> steps = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select source, priority, backup_id, backup_started_at,"
                + " target, status, started_at, finished_at, detail from recovery_steps where run_id = ?"
                + " order by priority, source")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(new RecoveryRecord.Step(rs.getString(1), rs.getInt(2), rs.getString(3),
                            instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)),
                            instant(rs.getTimestamp(8)), rs.getString(9)));
                }
            }
        }
        return Optional.of(new RecoveryRecord(run.id(), run.plan(), run.status(), run.owner(), run.startedAt(),
                run.finishedAt(), run.before(), run.continueOnFailure(), steps));
    }

    /**
     * Every stored object of every usable backup, least recently verified first (never verified before all): the
     * order in which rolling verification re-reads them.
     */
    public synchronized List<ObjectRecord> objectsByLastVerified() throws SQLException {
        List<ObjectRecord> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("select o.backup_id, o.storage, o.object_key, o.size, o.sha256,"
                        + " o.last_verified_at from backup_objects o join backups b on b.id = o.backup_id"
                        + " join backup_copies c on c.backup_id = o.backup_id and c.storage = o.storage"
                        + " where b.status in ('complete', 'partial') and c.status = 'complete'"
                        + " order by case when o.last_verified_at is null then 0 else 1 end, o.last_verified_at,"
                        + " b.started_at, o.object_key")) {
            while (rs.next()) {
                out.add(new ObjectRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), instant(rs.getTimestamp(6))));
            }
        }
        return out;
    }

    /** Records the start of a job run; returns its id. */
    public synchronized long startRun(JobRunRecord r) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("insert into job_runs (job, action, source, scheduled_at,"
                + " started_at, status, attempt, node, late_reason, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, r.job());
            ps.setString(2, r.action());
            ps.setString(3, r.source());
            ps.setTimestamp(4, ts(r.scheduledAt()));
            ps.setTimestamp(5, ts(r.startedAt()));
            ps.setString(6, r.status());
            ps.setInt(7, r.attempt());
            ps.setString(8, r.node());
            ps.setString(9, truncate(r.lateReason(), 1000));
            ps.setString(10, truncate(r.note(), 1000));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Records how a job run ended. */
    public synchronized void finishRun(long id, String status, Instant finishedAt, long bytes, String backupId,
            String note, String error) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("update job_runs set status = ?, finished_at = ?,"
                + " bytes = ?, backup_id = ?, note = coalesce(?, note), error = ? where id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, ts(finishedAt));
            ps.setLong(3, bytes);
            ps.setString(4, backupId);
            ps.setString(5, truncate(note, 1000));
            ps.setString(6, truncate(error));
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    /**
     * Marks runs still {@code running} for a node that is gone as {@code interrupted}: a daemon killed or stopped
     * mid-job cannot record the end itself.
     */
    public synchronized int interruptRuns(java.util.function.Predicate<JobRunRecord> gone, Instant at)
            throws SQLException {
        int n = 0;
        for (JobRunRecord r : queryRuns("where status = 'running'")) {
            if (gone.test(r)) {
                finishRun(r.id(), "interrupted", at, r.bytes(), r.backupId(), null,
                        "interrupted: " + r.node() + " stopped before the run ended");
                n++;
            }
        }
        return n;
    }

    /** Quartz triggers the scheduler instance has acquired and not yet fired or released. */
    public synchronized int acquiredTriggers(String instanceId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "select count(*) from QRTZ_FIRED_TRIGGERS where INSTANCE_NAME = ? and STATE = 'ACQUIRED'")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Job runs started at or after {@code since} (all when null), oldest first. */
    public synchronized List<JobRunRecord> runs(Instant since) throws SQLException {
        return since == null ? queryRuns("order by started_at, id")
                : queryRuns("where started_at >= ? order by started_at, id", ts(since));
    }

    private List<JobRunRecord> queryRuns(String where, Object... args) throws SQLException {
        List<JobRunRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id, job, action, source, scheduled_at, started_at,"
                + " finished_at, status, attempt, bytes, backup_id, node, late_reason, note, error from job_runs " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRunRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                            rs.getString(8), rs.getInt(9), rs.getLong(10), rs.getString(11), rs.getString(12),
                            rs.getString(13), rs.getString(14), rs.getString(15)));
                }
            }
        }
        return out;
    }

    public synchronized void recordEvent(EventRecord e) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "insert into events (at, type, severity, source, job, message) values (?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, ts(e.at()));
            ps.setString(2, e.type());
            ps.setString(3, e.severity());
            ps.setString(4, e.source());
            ps.setString(5, e.job());
            ps.setString(6, truncate(e.message()));
            ps.executeUpdate();
        }
    }

    /** Events at or after {@code since} (all when null), oldest first. */
    public synchronized List<EventRecord> events(Instant since) throws SQLException {
        List<EventRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select at, type, severity, source, job, message"
                + " from events where at >= ? order by at, id")) {
            ps.setTimestamp(1, ts(since == null ? Instant.EPOCH : since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventRecord(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Runs {@code work} as one transaction: all of it is committed, or none of it. */
    public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** Catalog work that may fail with an SQLException. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    private List<BackupRecord> queryBackups(String where, Object... args) throws SQLException {
        List<BackupRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id, source, source_type, kind, level, parent_id,"
                + " full_id, status, started_at, finished_at, files, bytes, stored_bytes, owner, error, details from backups "
                + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BackupRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Level.of(rs.getString(5)), rs.getString(6), rs.getString(7), BackupStatus.of(rs.getString(8)),
                            instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), rs.getLong(11), rs.getLong(12),
                            rs.getLong(13), rs.getString(14), rs.getString(15), rs.getString(16)));
                }
            }
        }
        return out;
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String truncate(String s) {
        return truncate(s, 4000);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
