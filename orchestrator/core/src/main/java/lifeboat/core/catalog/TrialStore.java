package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.nullableLong;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.model.CheckStatus;
import lifeboat.core.model.TrialStatus;

/** Trial restores with their checks: the evidence behind "restorable". Thread-safe, as the database is. */
public final class TrialStore {
    private static final String COLUMNS = "select id, backup_id, source, status, scratch, owner, started_at,"
            + " finished_at, duration_ms, bytes, rows_restored, error from trial_restores ";

    private final Database db;

    public TrialStore(Database db) {
        this.db = db;
    }

    /** Records a trial restore that is starting; returns its id. */
    public long start(String backupId, String source, String scratch, String owner, Instant at) throws SQLException {
        return db.insert("insert into trial_restores (backup_id, source, status, scratch, owner, started_at)"
                + " values (?, ?, ?, ?, ?, ?)", backupId, source, TrialStatus.RUNNING, scratch, owner, at);
    }

    /** Records how a trial restore ended, with every check, in one transaction. */
    public void finish(long id, TrialStatus status, Instant at, long durationMs, long bytes, long rows, String error,
            List<TrialRecord.CheckRecord> checks) throws SQLException {
        db.inTransaction(() -> {
            db.update("update trial_restores set status = ?, finished_at = ?, duration_ms = ?, bytes = ?,"
                    + " rows_restored = ?, error = ? where id = ?", status, at, durationMs, bytes, rows,
                    truncate(error), id);
            db.batch("insert into trial_checks (trial_id, name, status, detail) values (?, ?, ?, ?)", checks,
                    c -> new Object[] {id, c.name(), c.status(), truncate(c.detail())});
            return null;
        });
    }

    /** Records a trial restore that ended long ago, with its checks, in one transaction (catalog rebuild). */
    public long insertFinished(TrialRecord t) throws SQLException {
        return db.inTransaction(() -> {
            long id = db.insert("insert into trial_restores (backup_id, source, status, scratch, owner, started_at,"
                    + " finished_at, duration_ms, bytes, rows_restored, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    t.backupId(), t.source(), t.status(), t.scratch(), t.owner(), t.startedAt(), t.finishedAt(),
                    t.durationMs(), t.bytes(), t.rows(), truncate(t.error()));
            db.batch("insert into trial_checks (trial_id, name, status, detail) values (?, ?, ?, ?)", t.checks(),
                    c -> new Object[] {id, c.name(), c.status(), truncate(c.detail())});
            return id;
        });
    }

    /** Marks a trial restore whose process ended before it did as failed. */
    public void markAbandoned(long id, String error, Instant at) throws SQLException {
        db.update("update trial_restores set status = ?, error = ?, finished_at = ? where id = ? and status = ?",
                TrialStatus.FAILED, truncate(error), at, id, TrialStatus.RUNNING);
    }

    /** Trial restores of one source (or all when null), oldest first, with their checks. */
    public List<TrialRecord> of(String source) throws SQLException {
        return source == null ? withChecks("") : withChecks("where source = ? ", source);
    }

    /** Trial restores started in [from, to), oldest first, with their checks. */
    public List<TrialRecord> between(Instant from, Instant to) throws SQLException {
        return withChecks("where started_at >= ? and started_at < ? ", from, to);
    }

    /** The trials {@code where} selects, with their checks read in one more query (not one per trial). */
    private List<TrialRecord> withChecks(String where, Object... args) throws SQLException {
        List<TrialRecord> trials = db.query(COLUMNS + where + "order by started_at, id", rs -> new TrialRecord(
                rs.getLong(1), rs.getString(2), rs.getString(3), TrialStatus.of(rs.getString(4)), rs.getString(5),
                rs.getString(6), instant(rs, 7), instant(rs, 8), nullableLong(rs, 9), rs.getLong(10), rs.getLong(11),
                rs.getString(12), List.of()), args);
        if (trials.isEmpty()) {
            return trials;
        }
        Map<Long, List<TrialRecord.CheckRecord>> checks = new HashMap<>();
        for (Map.Entry<Long, TrialRecord.CheckRecord> c : db.query("select trial_id, name, status, detail from"
                + " trial_checks where trial_id in (select id from trial_restores " + where + ") order by trial_id, name",
                rs -> Map.entry(rs.getLong(1), new TrialRecord.CheckRecord(rs.getString(2),
                        CheckStatus.of(rs.getString(3)), rs.getString(4))), args)) {
            checks.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(c.getValue());
        }
        List<TrialRecord> out = new ArrayList<>(trials.size());
        for (TrialRecord t : trials) {
            out.add(new TrialRecord(t.id(), t.backupId(), t.source(), t.status(), t.scratch(), t.owner(),
                    t.startedAt(), t.finishedAt(), t.durationMs(), t.bytes(), t.rows(), t.error(),
                    checks.getOrDefault(t.id(), List.of())));
        }
        return out;
    }
}
