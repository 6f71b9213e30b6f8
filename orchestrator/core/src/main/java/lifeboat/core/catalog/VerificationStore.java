package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.model.FindingKind;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/** Verification results with their findings. Thread-safe, as the database is. */
public final class VerificationStore {
    private static final String COLUMNS = "select id, backup_id, storage, mode, status, started_at, finished_at,"
            + " objects_checked, files_checked, bytes_read, findings from verifications ";

    private final Database db;
    private final BackupStore backups;

    public VerificationStore(Database db, BackupStore backups) {
        this.db = db;
        this.backups = backups;
    }

    /** A finding as stored with a verification. */
    public record FindingRow(FindingKind kind, String objectKey, String path, String message) {
    }

    /**
     * Stores a verification result with its findings, and marks the objects it re-read and matched as verified, in
     * one transaction, which also brings what the copy's row keeps of its verifications up to date ({@link CopyState});
     * returns its id.
     */
    public long record(VerificationRecord v, List<FindingRow> findings, List<String> verifiedKeys) throws SQLException {
        return db.inTransaction(() -> {
            long id = db.insert("insert into verifications (backup_id, storage, mode, status, started_at, finished_at,"
                    + " objects_checked, files_checked, bytes_read, findings) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    v.backupId(), v.storage(), v.mode(), v.status(), v.startedAt(), v.finishedAt(), v.objectsChecked(),
                    v.filesChecked(), v.bytesRead(), v.findings());
            db.batch("insert into verification_findings (verification_id, kind, object_key, path, message)"
                    + " values (?, ?, ?, ?, ?)", findings,
                    f -> new Object[] {id, f.kind(), f.objectKey(), f.path(), truncate(f.message())});
            // also with no keys: it refreshes the copy's kept state, this verification included
            backups.markVerified(v.backupId(), v.storage(), verifiedKeys, v.finishedAt());
            return id;
        });
    }

    /** A verification result to store, with its findings and the objects it verified. */
    public record Result(VerificationRecord verification, List<FindingRow> findings, List<String> verifiedKeys) {
    }

    /** Stores several results in one transaction (catalog rebuild); returns their ids in order. */
    public List<Long> recordAll(List<Result> results) throws SQLException {
        return db.inTransaction(() -> {
            List<Long> ids = new ArrayList<>(results.size());
            for (Result r : results) {
                ids.add(record(r.verification(), r.findings(), r.verifiedKeys()));
            }
            return ids;
        });
    }

    /** Verifications of one backup, oldest first. */
    public List<VerificationRecord> of(String backupId) throws SQLException {
        return db.query(COLUMNS + "where backup_id = ? order by finished_at, id", VerificationStore::row, backupId);
    }

    /** Verifications of every backup of one source, oldest first: one query for a whole listing. */
    public List<VerificationRecord> ofSource(String source) throws SQLException {
        return db.query("select v.id, v.backup_id, v.storage, v.mode, v.status, v.started_at, v.finished_at,"
                + " v.objects_checked, v.files_checked, v.bytes_read, v.findings from verifications v"
                + " join backups b on b.id = v.backup_id where b.source = ? order by v.finished_at, v.id",
                VerificationStore::row, source);
    }

    /** Every verification, oldest first. */
    public List<VerificationRecord> all() throws SQLException {
        return db.query(COLUMNS + "order by finished_at, id", VerificationStore::row);
    }

    /** The findings of one verification. */
    public List<FindingRow> findings(long verificationId) throws SQLException {
        return db.query("select kind, object_key, path, message from verification_findings where verification_id = ?",
                rs -> new FindingRow(FindingKind.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4)), verificationId);
    }

    /** Verifications finished in [from, to), oldest first. */
    public List<VerificationRecord> between(Instant from, Instant to) throws SQLException {
        return db.query(COLUMNS + "where finished_at >= ? and finished_at < ? order by finished_at, id",
                VerificationStore::row, from, to);
    }

    private static VerificationRecord row(ResultSet rs) throws SQLException {
        return new VerificationRecord(rs.getLong(1), rs.getString(2), rs.getString(3), VerifyMode.of(rs.getString(4)),
                VerifyStatus.of(rs.getString(5)), instant(rs, 6), instant(rs, 7), rs.getLong(8), rs.getLong(9),
                rs.getLong(10), rs.getInt(11));
    }
}
