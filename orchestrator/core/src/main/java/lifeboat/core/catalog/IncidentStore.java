package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.NotificationState;
import lifeboat.core.model.ReportedVia;
import lifeboat.core.model.SystemStatus;
import lifeboat.core.model.TimelineKind;

/**
 * Incidents, kept for ever: the incident, its systems' status history, its timeline, the messages sent about it and
 * the recovery runs linked to it. Thread-safe, as the database is.
 */
public final class IncidentStore {
    private static final String COLUMNS = "select id, title, severity, state, reported_by, reported_via, drill,"
            + " cause, eta, eta_basis, opened_at, opened_by, resolved_at, resolution, forced from incidents ";

    private final Database db;
    private final IncidentActionStore actions;

    public IncidentStore(Database db, IncidentActionStore actions) {
        this.db = db;
        this.actions = actions;
    }

    /** Runs {@code work} in one transaction of the catalog the incidents are in. */
    public <T> T inTransaction(Database.Work<T> work) throws SQLException {
        return db.inTransaction(work);
    }

    /** A new incident as reported; returns its id. */
    public long open(String title, IncidentSeverity severity, String reportedBy, ReportedVia via, boolean drill,
            Instant at, String openedBy) throws SQLException {
        return db.insert("insert into incidents (title, severity, state, reported_by, reported_via, drill, opened_at,"
                + " opened_by) values (?, ?, ?, ?, ?, ?, ?, ?)", truncate(title, 500), severity,
                IncidentState.INVESTIGATING, truncate(reportedBy, 200), via, drill, at, truncate(openedBy, 200));
    }

    /** Locks the incident's row for the rest of the transaction, so two updates at once are taken in turn. */
    public Optional<IncidentState> lock(long id) throws SQLException {
        return db.first("select state from incidents where id = ? for update",
                rs -> IncidentState.of(rs.getString(1)), id);
    }

    public void setState(long id, IncidentState state) throws SQLException {
        db.update("update incidents set state = ? where id = ?", state, id);
    }

    public void setSeverity(long id, IncidentSeverity severity) throws SQLException {
        db.update("update incidents set severity = ? where id = ?", severity, id);
    }

    public void setCause(long id, String cause) throws SQLException {
        db.update("update incidents set cause = ? where id = ?", truncate(cause), id);
    }

    public void setEta(long id, Instant eta, String basis) throws SQLException {
        db.update("update incidents set eta = ?, eta_basis = ? where id = ?", eta, truncate(basis), id);
    }

    public void resolve(long id, Instant at, String resolution, String forced) throws SQLException {
        db.update("update incidents set state = ?, resolved_at = ?, resolution = ?, forced = ? where id = ?",
                IncidentState.RESOLVED, at, truncate(resolution), truncate(forced, 2000), id);
    }

    /** Records a system's status from {@code at} on. */
    public void status(long id, String system, SystemStatus status, Instant at) throws SQLException {
        db.update("insert into incident_systems (incident_id, system, at, status) values (?, ?, ?, ?)", id, system,
                at, status);
    }

    /** Adds an entry to the timeline; returns its id. */
    public long timeline(long id, Instant at, String author, IncidentState state, TimelineKind kind, String message,
            List<Audience> notified) throws SQLException {
        return db.insert("insert into incident_updates (incident_id, at, author, state, kind, message, audiences)"
                + " values (?, ?, ?, ?, ?, ?, ?)", id, at, truncate(author, 200), state, kind, truncate(message, 8000),
                notified.stream().map(Audience::label).collect(Collectors.joining(",")));
    }

    /** Records that the timeline entry {@code updateId} also went to {@code audiences}. */
    public void notified(long updateId, List<Audience> audiences) throws SQLException {
        db.update("update incident_updates set audiences = ? where id = ?",
                audiences.stream().map(Audience::label).collect(Collectors.joining(",")), updateId);
    }

    /** Records a message put in the outbox for an audience's channel. */
    public void message(long id, Long updateId, Audience audience, String channel, long notificationId,
            String subject) throws SQLException {
        db.update("insert into incident_messages (incident_id, update_id, audience, channel, notification_id,"
                + " subject) values (?, ?, ?, ?, ?, ?)", id, updateId, audience, channel, notificationId,
                truncate(subject, 500));
    }

    /** Links a recovery run to the incident. */
    public void recovery(long id, long runId, Instant at) throws SQLException {
        db.update("insert into incident_recoveries (incident_id, run_id, at) values (?, ?, ?)", id, runId, at);
    }

    /** Records what the plan expected of a source when the linked run {@code runId} started. */
    public void expected(long id, long runId, String source, int priority, Long expectedMs) throws SQLException {
        db.update("insert into incident_recovery_plans (incident_id, run_id, source, priority, expected_ms)"
                + " values (?, ?, ?, ?, ?)", id, runId, source, priority, expectedMs);
    }

    /** What the plans expected of each source of the incident's recovery runs. */
    public List<IncidentRecord.Expected> expected(long id) throws SQLException {
        return db.query("select run_id, source, priority, expected_ms from incident_recovery_plans"
                + " where incident_id = ? order by run_id, priority, source", rs -> new IncidentRecord.Expected(
                        rs.getLong(1), rs.getString(2), rs.getInt(3), Database.nullableLong(rs, 4)), id);
    }

    public Optional<IncidentRecord> incident(long id) throws SQLException {
        Optional<IncidentRecord> head = db.first(COLUMNS + "where id = ?", IncidentStore::head, id);
        if (head.isEmpty()) {
            return head;
        }
        IncidentRecord h = head.get();
        List<IncidentRecord.StatusChange> changes = db.query("select system, at, status from incident_systems"
                + " where incident_id = ? order by id", rs -> new IncidentRecord.StatusChange(rs.getString(1),
                        instant(rs, 2), SystemStatus.of(rs.getString(3))), id);
        List<IncidentRecord.Update> timeline = db.query("select id, at, author, state, kind, message, audiences"
                + " from incident_updates where incident_id = ? order by at, id", rs -> new IncidentRecord.Update(
                        rs.getLong(1), instant(rs, 2), rs.getString(3), IncidentState.of(rs.getString(4)),
                        TimelineKind.of(rs.getString(5)), rs.getString(6), audiences(rs.getString(7))), id);
        List<IncidentRecord.Message> messages = db.query("select m.update_id, m.audience, m.channel,"
                + " m.notification_id, m.subject, n.created_at, n.state, n.sent_at from incident_messages m"
                + " join notifications n on n.id = m.notification_id where m.incident_id = ? order by m.id",
                rs -> new IncidentRecord.Message(rs.getLong(1), Audience.of(rs.getString(2)), rs.getString(3),
                        rs.getLong(4), rs.getString(5), instant(rs, 6), NotificationState.of(rs.getString(7)),
                        instant(rs, 8)), id);
        List<Long> runs = db.query("select run_id from incident_recoveries where incident_id = ? order by at, run_id",
                rs -> rs.getLong(1), id);
        return Optional.of(new IncidentRecord(h.id(), h.title(), h.severity(), h.state(), h.reportedBy(),
                h.reportedVia(), h.drill(), h.cause(), h.eta(), h.etaBasis(), h.openedAt(), h.openedBy(),
                h.resolvedAt(), h.resolution(), h.forced(), changes, timeline, messages, runs, actions.of(id)));
    }

    /** Every incident (only the open ones when {@code open}), newest first, each with its whole record. */
    public List<IncidentRecord> incidents(boolean open) throws SQLException {
        List<Long> ids = db.query("select id from incidents" + (open ? " where state <> ?" : "")
                + " order by opened_at desc, id desc", rs -> rs.getLong(1),
                open ? new Object[] {IncidentState.RESOLVED} : new Object[0]);
        List<IncidentRecord> out = new ArrayList<>();
        for (long id : ids) {
            incident(id).ifPresent(out::add);
        }
        return out;
    }

    private static IncidentRecord head(ResultSet rs) throws SQLException {
        String via = rs.getString(6);
        return new IncidentRecord(rs.getLong(1), rs.getString(2), IncidentSeverity.of(rs.getString(3)),
                IncidentState.of(rs.getString(4)), rs.getString(5), via == null ? null : ReportedVia.of(via),
                rs.getBoolean(7), rs.getString(8), instant(rs, 9), rs.getString(10), instant(rs, 11),
                rs.getString(12), instant(rs, 13), rs.getString(14), rs.getString(15), List.of(), List.of(),
                List.of(), List.of(), List.of());
    }

    private static List<Audience> audiences(String labels) {
        return labels == null || labels.isBlank() ? List.of()
                : Arrays.stream(labels.split(",")).map(Audience::of).toList();
    }
}
