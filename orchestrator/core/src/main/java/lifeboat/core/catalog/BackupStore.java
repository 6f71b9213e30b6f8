package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;

/**
 * Backups, their stored objects and their copies per storage target. A backup is never complete here without its
 * objects: {@link #finishBackup} writes them in one transaction. Thread-safe, as the database is.
 */
public final class BackupStore {
    private static final String BACKUP_COLUMNS = "select id, source, source_type, kind, level, parent_id, full_id,"
            + " status, started_at, finished_at, files, bytes, stored_bytes, owner, error, details from backups ";
    private static final String OBJECT_COLUMNS = "select o.backup_id, o.storage, o.object_key, o.size, o.sha256,"
            + " o.last_verified_at from backup_objects o ";

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
     * Per backup of a source, the targets on which every stored object of its copy has been re-read and matched at
     * least once (by full, sample or rolling verifications together).
     */
    public Map<String, Set<String>> fullyVerifiedCopies(String source) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        db.query("select o.backup_id, o.storage from backup_objects o join backups b on b.id = o.backup_id"
                + " where b.source = ? group by o.backup_id, o.storage having count(*) = count(o.last_verified_at)",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)), source);
        return out;
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

    /** Notes that these objects of a backup's copy were re-read and matched at {@code at}. */
    public void markVerified(String backupId, String storage, List<String> keys, Instant at) throws SQLException {
        db.batch("update backup_objects set last_verified_at = ? where backup_id = ? and storage = ? and object_key = ?",
                keys, key -> new Object[] {at, backupId, storage, key});
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
