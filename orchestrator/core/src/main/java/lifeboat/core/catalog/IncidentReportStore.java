package lifeboat.core.catalog;

import static lifeboat.core.catalog.Database.instant;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The incident reports kept on record (policy 7): each version built, as Markdown and PDF. */
public final class IncidentReportStore {
    private final Database db;

    public IncidentReportStore(Database db) {
        this.db = db;
    }

    /** A report as kept. */
    public record Kept(long incidentId, Instant at, String markdown, byte[] pdf) {
    }

    public void keep(long incidentId, Instant at, String markdown, byte[] pdf) throws SQLException {
        db.update("insert into incident_reports (incident_id, at, markdown, pdf) values (?, ?, ?, ?)", incidentId, at,
                markdown, pdf);
    }

    /** The newest report of an incident. */
    public Optional<Kept> latest(long incidentId) throws SQLException {
        return db.first("select incident_id, at, markdown, pdf from incident_reports where incident_id = ?"
                + " order by at desc, id desc fetch first 1 rows only", rs -> new Kept(rs.getLong(1), instant(rs, 2),
                        rs.getString(3), rs.getBytes(4)), incidentId);
    }
}
