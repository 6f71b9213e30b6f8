package lifeboat.core.monitor;

import java.sql.SQLException;
import java.util.List;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.incident.IncidentService;
import lifeboat.core.model.TimelineKind;

/**
 * The incident as restarts and the monitoring window see it: its affected systems, its state, and its timeline, on
 * which they put what they find (and for failures tell the {@code it} audience at once). The texts name hosts, URLs
 * and error text: they are for IT, never for the school.
 */
public interface IncidentLog {
    /**
     * The affected systems of an open incident; IllegalArgumentException naming the incident when there is none or
     * it is resolved.
     */
    List<String> openSystems(long incidentId) throws SQLException;

    /** Moves the incident to {@code monitoring} unless it is there already (the window started). */
    void enterMonitoring(long incidentId) throws SQLException;

    /**
     * Puts an entry on the incident's timeline.
     *
     * @param tellIt also send it to the {@code it} audience now (a probe failing, or passing again)
     */
    void post(long incidentId, TimelineKind kind, String message, boolean tellIt) throws SQLException;

    /** The log kept by the incident service: its timeline and its messages to the audiences. */
    static IncidentLog of(IncidentService incidents, CrashPolicyConfig policy) {
        return new ServiceIncidentLog(incidents, policy);
    }
}
