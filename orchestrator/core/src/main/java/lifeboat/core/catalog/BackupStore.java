package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/**
 * Backups, their stored objects and their copies per storage target. A backup is never complete here without its
 * objects: {@link #finishBackup} writes them in one transaction. Thread-safe, as the database is.
 */
public final class BackupStore {
    private static final String BACKUP_COLUMNS = "select id, source, source_type, kind, level, parent_id, full_id,"
            + " status, started_at, finished_at, files, bytes, stored_bytes, owner, error, details from backups ";
    private static final String OBJECT_COLUMNS = "select o.backup_id, o.storage, o.object_key, o.size, o.sha256,"
            + " o.last_verified_at from backup_objects o ";
    private static final String COPY_STATE_COLUMNS = "select c.backup_id, c.storage, c.status, c.committed_at,"
            + " c.newest_id, c.newest_at, c.newest_mode, c.newest_status, c.newest_findings,"
            + " c.failed_id, c.failed_at, c.failed_mode, c.failed_findings,"
            + " c.proof_id, c.proof_at, c.proof_mode, c.proof_findings, c.objects_verified from backup_copies c ";
    /** Long lists of ids are asked for in parts: PostgreSQL takes at most 32,767 parameters in a statement. */
    private static final int IDS_PER_QUERY = 500;

    private final Database db;

    public BackupStore(Database db) {
        this.db = db;
    }

    public void insertBackup(BackupRecord b) throws SQLException {
        db.update("insert into backups (id, source, source_type, kind, level, parent_id, full_id, status, started_at,"
                + " finished_at, files, bytes, stored_bytes, owner, error, details)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", b.id(), b.source(), b.sourceType(),
                b.kind(), b.level(), b.parentId(), b.fullId(), b.status(), b.startedAt(), b.finishedAt(), b.files(),
                b.bytes(), b.storedBytes(), b.owner(), truncate(b.error()), b.details());
    }

    /**
     * Records how a backup ended, with its objects and copies, in one transaction: a backup is never complete in
     * the catalog without its objects.
     */
    public void finishBackup(BackupRecord b, List<ObjectRecord> objects, List<CopyRecord> copies) throws SQLException {
        db.inTransaction(() -> {
            int n = db.update("update backups set status = ?, finished_at = ?, files = ?, bytes = ?, stored_bytes = ?,"
                    + " error = ?, details = ?, level = ?, parent_id = ?, full_id = ? where id = ?", b.status(),
                    b.finishedAt(), b.files(), b.bytes(), b.storedBytes(), truncate(b.error()), b.details(), b.level(),
                    b.parentId(), b.fullId(), b.id());
            if (n != 1) {
                throw new SQLException("backup " + b.id() + " is not in the catalog");
            }
            insertObjects(objects);
            insertCopies(copies);
            return null;
        });
    }

    /**
     * Records backups that ended long ago, read back from a repository, with their objects and copies in one
     * transaction (catalog rebuild).
     */
    public void insertFinished(List<BackupRecord> finished, List<ObjectRecord> objects, List<CopyRecord> copies)
            throws SQLException {
        db.inTransaction(() -> {
            for (BackupRecord b : finished) {
                insertBackup(b);
            }
            insertObjects(objects);
            insertCopies(copies);
            return null;
        });
    }

    /** Replaces a backup's details (JSON): a rebuild adds what another copy says, such as its encryption. */
    public void updateDetails(String id, String details) throws SQLException {
        db.update("update backups set details = ? where id = ?", details, id);
    }

    /** Records a complete copy of a backup on another target, with its objects, in one transaction. */
    public void addCopy(CopyRecord copy, List<ObjectRecord> objects) throws SQLException {
        db.inTransaction(() -> {
            db.update("delete from backup_objects where backup_id = ? and storage = ?", copy.backupId(), copy.storage());
            db.update("delete from backup_copies where backup_id = ? and storage = ?", copy.backupId(), copy.storage());
            insertObjects(objects);
            insertCopies(List.of(copy));
            return null;
        });
    }

    private void insertObjects(List<ObjectRecord> objects) throws SQLException {
        db.batch("insert into backup_objects (backup_id, storage, object_key, size, sha256) values (?, ?, ?, ?, ?)",
                objects, o -> new Object[] {o.backupId(), o.storage(), o.key(), o.size(), o.sha256()});
    }

    private void insertCopies(List<CopyRecord> copies) throws SQLException {
        db.batch("insert into backup_copies (backup_id, storage, status, committed_at) values (?, ?, ?, ?)", copies,
                c -> new Object[] {c.backupId(), c.storage(), c.status(), c.committedAt()});
        for (CopyRecord c : copies) {
            // a copy written again (addCopy) keeps its verifications but not its objects' verified marks
            refreshCopyState(c.backupId(), c.storage());
        }
    }

    /**
     * Brings what a copy's row keeps of its verifications and objects ({@link CopyState}) up to date; called in the
     * transaction of every write that changes them. The same statements as migration V14 (keep them alike).
     */
    void refreshCopyState(String backupId, String storage) throws SQLException {
        db.update("update backup_copies c set"
                + " newest_id = (select v.id from verifications v where v.backup_id = c.backup_id"
                + " and v.storage = c.storage order by v.finished_at desc, v.id desc fetch first row only),"
                + " failed_id = (select v.id from verifications v where v.backup_id = c.backup_id"
                + " and v.storage = c.storage and v.status = ? order by v.finished_at desc, v.id fetch first row only),"
                + " proof_id = (select v.id from verifications v where v.backup_id = c.backup_id"
                + " and v.storage = c.storage and v.status = ? and v.mode in (?, ?)"
                + " order by v.finished_at desc, v.id fetch first row only),"
                + " objects_verified = exists (select 1 from backup_objects o where o.backup_id = c.backup_id"
                + " and o.storage = c.storage) and not exists (select 1 from backup_objects o"
                + " where o.backup_id = c.backup_id and o.storage = c.storage and o.last_verified_at is null)"
                + " where c.backup_id = ? and c.storage = ?", VerifyStatus.FAILED, VerifyStatus.OK, VerifyMode.FULL,
                VerifyMode.SAMPLE, backupId, storage);
        db.update("update backup_copies c set"
                + " (newest_at, newest_mode, newest_status, newest_findings) = (select v.finished_at, v.mode, v.status,"
                + " v.findings from verifications v where v.id = c.newest_id),"
                + " (failed_at, failed_mode, failed_findings) = (select v.finished_at, v.mode, v.findings"
                + " from verifications v where v.id = c.failed_id),"
                + " (proof_at, proof_mode, proof_findings) = (select v.finished_at, v.mode, v.findings"
                + " from verifications v where v.id = c.proof_id)"
                + " where c.backup_id = ? and c.storage = ?", backupId, storage);
    }

    /** Marks a backup that is still running as failed (its process ended, or it could not go on). */
    public void markFailed(String id, String error, Instant at) throws SQLException {
        db.update("update backups set status = ?, error = ?, finished_at = ? where id = ? and status = ?",
                BackupStatus.FAILED, truncate(error), at, id, BackupStatus.RUNNING);
    }

    public Optional<BackupRecord> backup(String id) throws SQLException {
        return db.first(BACKUP_COLUMNS + "where id = ?", BackupStore::backup, id);
    }

    /** Backups of one source (or all when null), oldest first. */
    public List<BackupRecord> backups(String source) throws SQLException {
        return source == null ? db.query(BACKUP_COLUMNS + "order by started_at, id", BackupStore::backup)
                : db.query(BACKUP_COLUMNS + "where source = ? order by started_at, id", BackupStore::backup, source);
    }

    /**
     * The {@code limit} newest backups of a source, newest first (started_at, then id). The order names the source
     * first so that H2 reads only these rows through the {@code (source, started_at)} index.
     */
    public List<BackupRecord> newest(String source, int limit) throws SQLException {
        return db.query(BACKUP_COLUMNS + "where source = ? order by source desc, started_at desc, id desc"
                + " fetch first ? rows only", BackupStore::backup, source, limit);
    }

    private static List<List<String>> parts(Collection<String> ids) {
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
            out.add(all.subList(i, Math.min(all.size(), i + IDS_PER_QUERY)));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Backups started in [from, to), by source, oldest first. */
    public List<BackupRecord> backupsBetween(Instant from, Instant to) throws SQLException {
        return db.query(BACKUP_COLUMNS + "where started_at >= ? and started_at < ? order by source, started_at, id",
                BackupStore::backup, from, to);
    }

    public List<BackupRecord> running() throws SQLException {
        return db.query(BACKUP_COLUMNS + "where status = ? order by started_at", BackupStore::backup,
                BackupStatus.RUNNING);
    }

    /** The newest usable backup of a source, optionally only fulls. */
    public Optional<BackupRecord> latestUsable(String source, boolean fullOnly) throws SQLException {
        return db.first(BACKUP_COLUMNS + "where source = ? and status in (?, ?)" + (fullOnly ? " and level = ?" : "")
                + " order by started_at desc, id desc", BackupStore::backup, fullOnly
                        ? new Object[] {source, BackupStatus.COMPLETE, BackupStatus.PARTIAL, Level.FULL}
                        : new Object[] {source, BackupStatus.COMPLETE, BackupStatus.PARTIAL});
    }

    public List<ObjectRecord> objects(String backupId) throws SQLException {
        return db.query(OBJECT_COLUMNS + "where o.backup_id = ? order by o.storage, o.object_key", BackupStore::object,
                backupId);
    }

    public List<CopyRecord> copies(String backupId) throws SQLException {
        return db.query("select backup_id, storage, status, committed_at from backup_copies where backup_id = ?"
                + " order by storage", BackupStore::copy, backupId);
    }

    /** The copies of every backup of one source (all when null), by backup id: one query for a whole listing. */
    public Map<String, List<CopyRecord>> copiesByBackup(String source) throws SQLException {
        List<CopyRecord> all = source == null
                ? db.query("select backup_id, storage, status, committed_at from backup_copies order by storage",
                        BackupStore::copy)
                : db.query("select c.backup_id, c.storage, c.status, c.committed_at from backup_copies c"
                        + " join backups b on b.id = c.backup_id where b.source = ? order by c.storage",
                        BackupStore::copy, source);
        Map<String, List<CopyRecord>> out = new HashMap<>();
        all.forEach(c -> out.computeIfAbsent(c.backupId(), k -> new ArrayList<>()).add(c));
        return out;
    }

    /**
     * The copies of every backup of one source (all when null) with what they are proven to be, by backup id; each
     * backup's in the order of their targets' names. (Ordered by the name alone: H2 reads the rows in the order of
     * the table then, not of the key, which takes twice as long for 100,000 copies.)
     */
    public Map<String, List<CopyState>> copyStates(String source) throws SQLException {
        List<CopyState> all = source == null
                ? db.query(COPY_STATE_COLUMNS + "order by c.storage", BackupStore::copyState)
                : db.query(COPY_STATE_COLUMNS + "join backups b on b.id = c.backup_id where b.source = ?"
                        + " order by c.storage", BackupStore::copyState, source);
        return byBackup(all);
    }

    /** The copies of these backups with what they are proven to be, by backup id, as {@link #copyStates(String)}. */
    public Map<String, List<CopyState>> copyStatesOf(Collection<String> backupIds) throws SQLException {
        List<CopyState> all = new ArrayList<>();
        for (List<String> part : parts(backupIds)) {
            all.addAll(db.query(COPY_STATE_COLUMNS + "where c.backup_id in (" + marks(part.size()) + ")"
                    + " order by c.storage", BackupStore::copyState, part.toArray()));
        }
        return byBackup(all);
    }

    private static Map<String, List<CopyState>> byBackup(List<CopyState> states) {
        Map<String, List<CopyState>> out = new HashMap<>();
        states.forEach(c -> out.computeIfAbsent(c.copy().backupId(), k -> new ArrayList<>(2)).add(c));
        return out;
    }

    private static CopyState copyState(ResultSet rs) throws SQLException {
        return new CopyState(copy(rs), verified(rs, 5, 8, null, 9), verified(rs, 10, 0, VerifyStatus.FAILED, 13),
                verified(rs, 14, 0, VerifyStatus.OK, 17), rs.getBoolean(18));
    }

    /**
     * The verification whose id, finish time and mode are in the three columns from {@code idColumn}; null when
     * none.
     *
     * @param statusColumn the column of its status; 0 when it is {@code status}
     */
    private static CopyState.Verified verified(ResultSet rs, int idColumn, int statusColumn, VerifyStatus status,
            int findingsColumn) throws SQLException {
        long id = rs.getLong(idColumn);
        if (rs.wasNull()) {
            return null;
        }
        return new CopyState.Verified(id, instant(rs, idColumn + 1), VerifyMode.of(rs.getString(idColumn + 2)),
                statusColumn == 0 ? status : VerifyStatus.of(rs.getString(statusColumn)), rs.getInt(findingsColumn));
    }

    /** The stored objects of every backup of a source on one target, by backup id: one query for a whole source. */
    public Map<String, List<ObjectRecord>> objectsOn(String source, String storage) throws SQLException {
        Map<String, List<ObjectRecord>> out = new HashMap<>();
        db.query(OBJECT_COLUMNS + "join backups b on b.id = o.backup_id where b.source = ? and o.storage = ?"
                + " order by o.backup_id, o.object_key", BackupStore::object, source, storage)
                .forEach(o -> out.computeIfAbsent(o.backupId(), k -> new ArrayList<>()).add(o));
        return out;
    }

    /** Per backup of a source, per target, the bytes its copy's objects hold there: what removing a copy frees. */
    public Map<String, Map<String, Long>> copySizes(String source) throws SQLException {
        Map<String, Map<String, Long>> out = new HashMap<>();
        db.query("select o.backup_id, o.storage, sum(o.size) from backup_objects o join backups b on b.id = o.backup_id"
                + " where b.source = ? group by o.backup_id, o.storage",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3)),
                source);
        return out;
    }

    private static CopyRecord copy(ResultSet rs) throws SQLException {
        return new CopyRecord(rs.getString(1), rs.getString(2), CopyStatus.of(rs.getString(3)), instant(rs, 4));
    }

    /**
     * Every stored object of every usable backup's complete copies, least recently verified first (never verified
     * before all): the order in which rolling verification re-reads them.
     */
    public List<ObjectRecord> objectsByLastVerified() throws SQLException {
        return db.query(OBJECT_COLUMNS + "join backups b on b.id = o.backup_id"
                + " join backup_copies c on c.backup_id = o.backup_id and c.storage = o.storage"
                + " where b.status in (?, ?) and c.status = ?"
                + " order by case when o.last_verified_at is null then 0 else 1 end, o.last_verified_at,"
                + " b.started_at, o.object_key", BackupStore::object, BackupStatus.COMPLETE, BackupStatus.PARTIAL,
                CopyStatus.COMPLETE);
    }

    /**
     * Notes that these objects of a backup's copy were re-read and matched at {@code at}, and brings what the copy's
     * row keeps of its verifications and objects up to date (a verification recorded just before included), in one
     * transaction.
     */
    public void markVerified(String backupId, String storage, List<String> keys, Instant at) throws SQLException {
        db.inTransaction(() -> {
            db.batch("update backup_objects set last_verified_at = ? where backup_id = ? and storage = ?"
                    + " and object_key = ?", keys, key -> new Object[] {at, backupId, storage, key});
            refreshCopyState(backupId, storage);
            return null;
        });
    }

    private static BackupRecord backup(ResultSet rs) throws SQLException {
        return new BackupRecord(rs.getString(1), rs.getString(2), rs.getString(3), BackupKind.of(rs.getString(4)),
                Level.of(rs.getString(5)), rs.getString(6), rs.getString(7), BackupStatus.of(rs.getString(8)),
                instant(rs, 9), instant(rs, 10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getString(14),
                rs.getString(15), rs.getString(16));
    }

    private static ObjectRecord object(ResultSet rs) throws SQLException {
        return new ObjectRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                instant(rs, 6));
    }
}
