package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;
import static lifeboat.core.catalog.Database.truncate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Preventive actions of incidents, numbered from 1 within each incident. Thread-safe, as the database is. */
public final class IncidentActionStore {
    private static final String COLUMNS = "select number, text, owner, due, added_at, done_at from incident_actions ";

    private final Database db;

    public IncidentActionStore(Database db) {
        this.db = db;
    }

    /** Adds an action with the next number; returns that number. */
    public int add(long incidentId, String text, String owner, LocalDate due, Instant at) throws SQLException {
        return db.inTransaction(() -> {
            int number = (int) db.count("select coalesce(max(number), 0) + 1 from incident_actions"
                    + " where incident_id = ?", incidentId);
            db.update("insert into incident_actions (incident_id, number, text, owner, due, added_at)"
                    + " values (?, ?, ?, ?, ?, ?)", incidentId, number, truncate(text, 2000), truncate(owner, 200),
                    due, at);
            return number;
        });
    }

    /** Marks an action done; false when there is no such action. */
    public boolean done(long incidentId, int number, Instant at) throws SQLException {
        return db.update("update incident_actions set done_at = coalesce(done_at, ?) where incident_id = ?"
                + " and number = ?", at, incidentId, number) == 1;
    }

    public List<IncidentRecord.Action> of(long incidentId) throws SQLException {
        return db.query(COLUMNS + "where incident_id = ? order by number", IncidentActionStore::action, incidentId);
    }

    /** An action that is not done and whose date has passed, with its incident's id and title. */
    public record Overdue(long incidentId, String title, IncidentRecord.Action action) {
    }

    /** Open actions due before {@code today}, of every incident, oldest date first. */
    public List<Overdue> overdue(LocalDate today) throws SQLException {
        return db.query("select a.number, a.text, a.owner, a.due, a.added_at, a.done_at, i.id, i.title"
                + " from incident_actions a join incidents i on i.id = a.incident_id"
                + " where a.done_at is null and a.due < ? order by a.due, i.id, a.number",
                rs -> new Overdue(rs.getLong(7), rs.getString(8), action(rs)), today);
    }

    private static IncidentRecord.Action action(ResultSet rs) throws SQLException {
        return new IncidentRecord.Action(rs.getInt(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, LocalDate.class), instant(rs, 5), instant(rs, 6));
    }
}
