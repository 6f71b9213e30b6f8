package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import lifeboat.core.model.RestoreStatus;

/** Restores, real ones and the restore half of trial restores and recoveries. Thread-safe, as the database is. */
public final class RestoreStore {
    private final Database db;

    public RestoreStore(Database db) {
        this.db = db;
    }

    /** Records a restore that is starting; returns its id. */
    public long start(String backupId, String storage, String target, Instant at) throws SQLException {
        return db.insert("insert into restores (backup_id, storage, target, status, started_at) values (?, ?, ?, ?, ?)",
                backupId, storage, target, RestoreStatus.RUNNING, at);
    }

    public void finish(long id, RestoreStatus status, long files, long bytes, String error, Instant at)
            throws SQLException {
        db.update("update restores set status = ?, files = ?, bytes = ?, error = ?, finished_at = ? where id = ?",
                status, files, bytes, truncate(error), at, id);
    }

    /** As {@link #finish}, naming the copy the restore read in the end (it may have given up on the first). */
    public void finish(long id, String storage, RestoreStatus status, long files, long bytes, String error, Instant at)
            throws SQLException {
        db.update("update restores set storage = ?, status = ?, files = ?, bytes = ?, error = ?, finished_at = ?"
                + " where id = ?", storage, status, files, bytes, truncate(error), at, id);
    }

    /** The backups restores started at or after {@code since} are still reading (status running). */
    public List<String> runningSince(Instant since) throws SQLException {
        return db.query("select distinct backup_id from restores where status = ? and started_at >= ?",
                rs -> rs.getString(1), RestoreStatus.RUNNING, since);
    }

    /** Every restore, newest first. */
    public List<RestoreRecord> all() throws SQLException {
        return db.query("select id, backup_id, storage, target, status, files, bytes, started_at, finished_at, error"
                + " from restores order by id desc", rs -> new RestoreRecord(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), RestoreStatus.of(rs.getString(5)), rs.getLong(6),
                        rs.getLong(7), instant(rs, 8), instant(rs, 9), rs.getString(10)));
    }
}
