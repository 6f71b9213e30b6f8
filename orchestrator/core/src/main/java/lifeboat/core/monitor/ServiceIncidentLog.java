package lifeboat.core.monitor;

import java.sql.SQLException;
import java.util.List;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.incident.Change;
import lifeboat.core.incident.IncidentService;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.TimelineKind;

/** {@link IncidentLog} on the incident service; IT is told only when it has channels. */
final class ServiceIncidentLog implements IncidentLog {
    private final IncidentService incidents;
    private final CrashPolicyConfig policy;

    ServiceIncidentLog(IncidentService incidents, CrashPolicyConfig policy) {
        this.incidents = incidents;
        this.policy = policy;
    }

    @Override
    public List<String> openSystems(long incidentId) throws SQLException {
        IncidentRecord r = incidents.get(incidentId);
        if (!r.state().open()) {
            throw new IllegalArgumentException("incident " + incidentId + " is already resolved (open a new incident)");
        }
        return r.systems();
    }

    @Override
    public void enterMonitoring(long incidentId) throws SQLException {
        if (incidents.get(incidentId).state() != IncidentState.MONITORING) {
            incidents.update(incidentId, new Change(IncidentState.MONITORING, null, null, null, null, null, List.of()));
        }
    }

    @Override
    public void post(long incidentId, TimelineKind kind, String message, boolean tellIt) throws SQLException {
        boolean it = tellIt && !policy.channels(Audience.IT).isEmpty();
        incidents.note(incidentId, kind, message, it ? List.of(Audience.IT) : List.of());
    }
}
