package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lifeboat.core.model.RecoveryStatus;
import lifeboat.core.model.StepStatus;

/** Recovery runs and their timeline, one step per source. Thread-safe, as the database is. */
public final class RecoveryStore {
    private final Database db;

    public RecoveryStore(Database db) {
        this.db = db;
    }

    /** Records a new recovery run and its planned steps in one transaction; returns the run id. */
    public long start(String plan, String owner, Instant at, Instant before, boolean continueOnFailure,
            boolean mirror, List<RecoveryRecord.Step> steps) throws SQLException {
        return db.inTransaction(() -> {
            long id = db.insert("insert into recovery_runs (plan, status, owner, started_at, before_time,"
                    + " continue_on_failure, mirror) values (?, ?, ?, ?, ?, ?, ?)", plan, RecoveryStatus.RUNNING,
                    owner, at, before, continueOnFailure, mirror);
            db.batch("insert into recovery_steps (run_id, source, priority, backup_id, backup_started_at, target,"
                    + " status, detail) values (?, ?, ?, ?, ?, ?, ?, ?)", steps, st -> new Object[] {id, st.source(),
                            st.priority(), st.backup(), st.backupStartedAt(), truncate(st.target()), st.status(),
                            truncate(st.detail())});
            return id;
        });
    }

    /**
     * Moves a step to {@code status}; {@code startedAt} and {@code finishedAt} are only written when not null, and
     * a restarted step ({@code started}) clears its finish time.
     */
    public void updateStep(long runId, String source, StepStatus status, Instant startedAt, Instant finishedAt,
            String detail) throws SQLException {
        if (status == StepStatus.STARTED) {
            db.update("update recovery_steps set status = ?, started_at = coalesce(?, started_at), finished_at = null,"
                    + " detail = ? where run_id = ? and source = ?", status, startedAt, truncate(detail), runId, source);
        } else {
            db.update("update recovery_steps set status = ?, started_at = coalesce(?, started_at),"
                    + " finished_at = coalesce(?, finished_at), detail = ? where run_id = ? and source = ?", status,
                    startedAt, finishedAt, truncate(detail), runId, source);
        }
    }

    public void finish(long runId, RecoveryStatus status, Instant at) throws SQLException {
        db.update("update recovery_runs set status = ?, finished_at = ? where id = ?", status, at, runId);
    }

    /** Marks a run running again (resumed) under a new owner; {@code mirror} once set stays set. */
    public void resume(long runId, String owner, boolean mirror) throws SQLException {
        db.update("update recovery_runs set status = ?, owner = ?, finished_at = null, mirror = (mirror or ?)"
                + " where id = ?", RecoveryStatus.RUNNING, owner, mirror, runId);
    }

    public Optional<RecoveryRecord> run(long runId) throws SQLException {
        Optional<RecoveryRecord> run = db.first("select id, plan, status, owner, started_at, finished_at, before_time,"
                + " continue_on_failure, mirror from recovery_runs where id = ?", rs -> new RecoveryRecord(rs.getLong(1),
                        rs.getString(2), RecoveryStatus.of(rs.getString(3)), rs.getString(4), instant(rs, 5),
                        instant(rs, 6), instant(rs, 7), rs.getBoolean(8), rs.getBoolean(9), List.of()), runId);
        if (run.isEmpty()) {
            return run;
        }
        List<RecoveryRecord.Step> steps = db.query("select source, priority, backup_id, backup_started_at, target,"
                + " status, started_at, finished_at, detail from recovery_steps where run_id = ?"
                + " order by priority, source", rs -> new RecoveryRecord.Step(rs.getString(1), rs.getInt(2),
                        rs.getString(3), instant(rs, 4), rs.getString(5), StepStatus.of(rs.getString(6)),
                        instant(rs, 7), instant(rs, 8), rs.getString(9)), runId);
        RecoveryRecord r = run.get();
        return Optional.of(new RecoveryRecord(r.id(), r.plan(), r.status(), r.owner(), r.startedAt(), r.finishedAt(),
                r.before(), r.continueOnFailure(), r.mirror(), steps));
    }
}
