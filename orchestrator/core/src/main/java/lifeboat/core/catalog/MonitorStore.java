package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.nullableLong;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lifeboat.core.model.ProbeRunKind;
import lifeboat.core.model.ProbeStatus;
import lifeboat.core.model.WindowStatus;

/**
 * Monitoring windows and the probe runs of incidents. Each step of a window is claimed by a conditional update, so
 * that of several daemons sharing the catalog (or a daemon and its restart) exactly one runs a round. Thread-safe,
 * as the database is.
 */
public final class MonitorStore {
    private static final String WINDOW = "select id, incident_id, systems, status, started_by, started_at, ends_at,"
            + " probe_every_ms, next_probe_at, opening_checks_at, closing_checks_at, ended_at from monitor_windows";
    private static final String RUN = "select id, incident_id, window_id, kind, system_name, probe, at, outcome,"
            + " detail, took_ms from probe_runs";

    private final Database db;

    public MonitorStore(Database db) {
        this.db = db;
    }

    /**
     * Records a running window whose opening checks and first round its starter runs at {@code at} (taken with the
     * row, so no daemon runs them too); the next round is due at {@code nextProbeAt}. Returns its id.
     */
    public long open(long incidentId, List<String> systems, String by, Instant at, Instant endsAt,
            Duration probeEvery, Instant nextProbeAt) throws SQLException {
        return db.insert("insert into monitor_windows (incident_id, systems, status, started_by, started_at, ends_at,"
                + " probe_every_ms, next_probe_at, opening_checks_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", incidentId,
                String.join(",", systems), WindowStatus.RUNNING, by, at, endsAt, probeEvery.toMillis(), nextProbeAt,
                at);
    }

    public Optional<MonitorWindowRecord> window(long id) throws SQLException {
        return db.first(WINDOW + " where id = ?", MonitorStore::window, id);
    }

    /** The incident's newest window, if it had one. */
    public Optional<MonitorWindowRecord> latest(long incidentId) throws SQLException {
        return db.first(WINDOW + " where incident_id = ? order by started_at desc, id desc", MonitorStore::window,
                incidentId);
    }

    public List<MonitorWindowRecord> running() throws SQLException {
        return db.query(WINDOW + " where status = ? order by id", MonitorStore::window, WindowStatus.RUNNING);
    }

    /** Takes the round due at {@code due} by moving the next one to {@code next}; false when another took it. */
    public boolean claimRound(long id, Instant due, Instant next) throws SQLException {
        return db.update("update monitor_windows set next_probe_at = ? where id = ? and status = ?"
                + " and next_probe_at = ?", next, id, WindowStatus.RUNNING, due) == 1;
    }

    /** Takes the closing functional checks; false when they were taken already. */
    public boolean claimClosingChecks(long id, Instant at) throws SQLException {
        return db.update("update monitor_windows set closing_checks_at = ? where id = ? and status = ?"
                + " and closing_checks_at is null", at, id, WindowStatus.RUNNING) == 1;
    }

    /** Ends a running window; false when it was no longer running. */
    public boolean end(long id, WindowStatus status, Instant at) throws SQLException {
        return db.update("update monitor_windows set status = ?, ended_at = ? where id = ? and status = ?", status, at,
                id, WindowStatus.RUNNING) == 1;
    }

    public long record(long incidentId, Long windowId, ProbeRunKind kind, String system, String probe, Instant at,
            ProbeStatus status, String detail, Duration took) throws SQLException {
        return db.insert("insert into probe_runs (incident_id, window_id, kind, system_name, probe, at, outcome,"
                + " detail, took_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", incidentId, windowId, kind, system,
                truncate(probe, 1000), at, status, truncate(detail, 2000), took.toMillis());
    }

    /** Every probe run of an incident, oldest first. */
    public List<ProbeRunRecord> runs(long incidentId) throws SQLException {
        return db.query(RUN + " where incident_id = ? order by at, id", MonitorStore::run, incidentId);
    }

    /** The runs of one window, oldest first. */
    public List<ProbeRunRecord> windowRuns(long windowId) throws SQLException {
        return db.query(RUN + " where window_id = ? order by at, id", MonitorStore::run, windowId);
    }

    private static MonitorWindowRecord window(ResultSet rs) throws SQLException {
        String systems = rs.getString(3);
        return new MonitorWindowRecord(rs.getLong(1), rs.getLong(2),
                systems.isEmpty() ? List.of() : Arrays.asList(systems.split(",")), WindowStatus.of(rs.getString(4)),
                rs.getString(5), instant(rs, 6), instant(rs, 7), Duration.ofMillis(rs.getLong(8)), instant(rs, 9),
                instant(rs, 10), instant(rs, 11), instant(rs, 12));
    }

    private static ProbeRunRecord run(ResultSet rs) throws SQLException {
        return new ProbeRunRecord(rs.getLong(1), rs.getLong(2), nullableLong(rs, 3), ProbeRunKind.of(rs.getString(4)),
                rs.getString(5), rs.getString(6), instant(rs, 7), ProbeStatus.of(rs.getString(8)), rs.getString(9),
                Duration.ofMillis(rs.getLong(10)));
    }
}
