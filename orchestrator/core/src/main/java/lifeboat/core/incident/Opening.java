package lifeboat.core.incident;

import static java.util.Objects.requireNonNull;

import java.util.List;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.ReportedVia;

/**
 * An incident as reported (policy 1).
 *
 * @param reportedBy who reported it, or null
 * @param via how it reached IT, or null
 * @param drill a training exercise (policy 8): messages marked DRILL, sent to IT only
 */
public record Opening(String title, List<String> systems, IncidentSeverity severity, String reportedBy,
        ReportedVia via, boolean drill) {
    public Opening {
        requireNonNull(title, "title is null");
        systems = List.copyOf(systems);
        requireNonNull(severity, "severity is null");
    }
}
