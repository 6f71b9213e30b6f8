package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import lifeboat.core.config.JobAction;
import lifeboat.core.model.RunStatus;

/** Attempts of scheduled jobs, one row per job, source and attempt. Thread-safe, as the database is. */
public final class JobRunStore {
    private static final String COLUMNS = "select id, job, action, source, scheduled_at, started_at, finished_at,"
            + " status, attempt, bytes, backup_id, node, late_reason, note, error from job_runs ";

    private final Database db;

    public JobRunStore(Database db) {
        this.db = db;
    }

    /** Records the start of a job run; returns its id. */
    public long start(JobRunRecord r) throws SQLException {
        return db.insert("insert into job_runs (job, action, source, scheduled_at, started_at, status, attempt, node,"
                + " late_reason, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.job(), r.action(), r.source(),
                r.scheduledAt(), r.startedAt(), r.status(), r.attempt(), r.node(), truncate(r.lateReason(), 1000),
                truncate(r.note(), 1000));
    }

    /** Records how a job run ended; a null {@code note} keeps the one it started with. */
    public void finish(long id, RunStatus status, Instant finishedAt, long bytes, String backupId, String note,
            String error) throws SQLException {
        db.update("update job_runs set status = ?, finished_at = ?, bytes = ?, backup_id = ?, note = coalesce(?, note),"
                + " error = ? where id = ?", status, finishedAt, bytes, backupId, truncate(note, 1000), truncate(error),
                id);
    }

    /**
     * Marks runs still {@code running} for a node that is gone as {@code interrupted}: a daemon killed or stopped
     * mid-job cannot record the end itself.
     */
    public int interrupt(Predicate<JobRunRecord> gone, Instant at) throws SQLException {
        int n = 0;
        for (JobRunRecord r : db.query(COLUMNS + "where status = ?", JobRunStore::row, RunStatus.RUNNING)) {
            if (gone.test(r)) {
                finish(r.id(), RunStatus.INTERRUPTED, at, r.bytes(), r.backupId(), null,
                        "interrupted: " + r.node() + " stopped before the run ended");
                n++;
            }
        }
        return n;
    }

    /** Quartz triggers the scheduler instance has acquired and not yet fired or released. */
    public int acquiredTriggers(String instanceId) throws SQLException {
        return (int) db.count("select count(*) from QRTZ_FIRED_TRIGGERS where INSTANCE_NAME = ? and STATE = 'ACQUIRED'",
                instanceId);
    }

    /** Job runs started at or after {@code since} (all when null), oldest first. */
    public List<JobRunRecord> since(Instant since) throws SQLException {
        return since == null ? db.query(COLUMNS + "order by started_at, id", JobRunStore::row)
                : db.query(COLUMNS + "where started_at >= ? order by started_at, id", JobRunStore::row, since);
    }

    private static JobRunRecord row(ResultSet rs) throws SQLException {
        return new JobRunRecord(rs.getLong(1), rs.getString(2), JobAction.of(rs.getString(3)).orElseThrow(),
                rs.getString(4), instant(rs, 5), instant(rs, 6), instant(rs, 7), RunStatus.of(rs.getString(8)),
                rs.getInt(9), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15));
    }
}
