package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyStatus;

/**
 * Prune's two catalog steps, each one transaction for a batch of copies: {@link #markRemoving} before anything on
 * storage is touched (no reader takes those copies from then on), {@link #removed} once their objects are gone. A backup whose last
 * copy is removed turns {@code pruned}; its row and history stay. Thread-safe, as the database is.
 */
public final class PruneStore {
    private static final String COLUMNS = "select p.backup_id, b.source, p.storage, p.reason, p.stored_bytes,"
            + " p.requested_at, p.pruned_at from pruned_copies p join backups b on b.id = p.backup_id ";

    private final Database db;

    public PruneStore(Database db) {
        this.db = db;
    }

    /** A copy prune is about to remove, and why. */
    public record Removal(String backupId, String storage, String reason, long storedBytes) {
    }

    /**
     * Marks complete copies as being removed, saying why, in one transaction; returns the ones it marked (a copy no
     * longer complete is left out).
     */
    public List<Removal> markRemoving(List<Removal> removals, Instant at) throws SQLException {
        return db.inTransaction(() -> {
            List<Removal> marked = new ArrayList<>();
            for (Removal r : removals) {
                int n = db.update("update backup_copies set status = ? where backup_id = ? and storage = ?"
                        + " and status = ?", CopyStatus.REMOVING, r.backupId(), r.storage(), CopyStatus.COMPLETE);
                if (n == 1) {
                    marked.add(r);
                }
            }
            db.batch("delete from pruned_copies where backup_id = ? and storage = ?", marked,
                    r -> new Object[] {r.backupId(), r.storage()});
            db.batch("insert into pruned_copies (backup_id, storage, reason, stored_bytes, requested_at)"
                    + " values (?, ?, ?, ?, ?)", marked, r -> new Object[] {r.backupId(), r.storage(),
                            truncate(r.reason(), 1000), r.storedBytes(), at});
            return marked;
        });
    }

    /**
     * Records that these copies' objects on {@code storage} are gone, in one transaction: their objects' and copy
     * rows go, the history rows get their time, and a backup with no copy left turns {@code pruned} (by the reason
     * of its last copy).
     */
    public void removed(List<String> backupIds, String storage, Instant at) throws SQLException {
        if (backupIds.isEmpty()) {
            return;
        }
        db.inTransaction(() -> {
            db.batch("delete from backup_objects where backup_id = ? and storage = ?", backupIds,
                    id -> new Object[] {id, storage});
            db.batch("delete from backup_copies where backup_id = ? and storage = ?", backupIds,
                    id -> new Object[] {id, storage});
            db.batch("update pruned_copies set pruned_at = ? where backup_id = ? and storage = ?", backupIds,
                    id -> new Object[] {at, id, storage});
            db.batch("update backups set status = ?, pruned_at = ?, pruned_by = (select p.reason from pruned_copies p"
                    + " where p.backup_id = backups.id and p.storage = ?) where id = ? and status in (?, ?)"
                    + " and not exists (select 1 from backup_copies c where c.backup_id = backups.id)", backupIds,
                    id -> new Object[] {BackupStatus.PRUNED, at, storage, id, BackupStatus.COMPLETE,
                            BackupStatus.PARTIAL});
            return null;
        });
    }

    /** Copies marked removing whose removal has not finished (a prune was interrupted), of one source or all. */
    public List<PrunedCopy> unfinished(String source) throws SQLException {
        return db.query(COLUMNS + "where p.pruned_at is null" + (source == null ? "" : " and b.source = ?")
                + " order by p.requested_at, p.backup_id", PruneStore::row,
                source == null ? new Object[0] : new Object[] {source});
    }

    /** Every pruned copy of one source (all when null), oldest removal first. */
    public List<PrunedCopy> history(String source) throws SQLException {
        return db.query(COLUMNS + (source == null ? "" : "where b.source = ? ") + "order by p.requested_at, p.backup_id",
                PruneStore::row, source == null ? new Object[0] : new Object[] {source});
    }

    /** Whether a backup's copy on {@code storage} was pruned (so a copy job does not bring it back). */
    public boolean wasPruned(String backupId, String storage) throws SQLException {
        return db.count("select count(*) from pruned_copies where backup_id = ? and storage = ?", backupId, storage) > 0;
    }

    private static PrunedCopy row(ResultSet rs) throws SQLException {
        return new PrunedCopy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                instant(rs, 6), instant(rs, 7));
    }
}
