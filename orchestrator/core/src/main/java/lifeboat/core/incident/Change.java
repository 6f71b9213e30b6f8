package lifeboat.core.incident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.SystemStatus;

/**
 * An update IT posts on an incident; every part is optional (null or empty), but not all of them.
 *
 * @param eta {@code auto} (from the recovery plan and measured trial restores), an ISO time, a local time of day
 *     ({@code 14:30}) or a duration from now ({@code 2h}); or null for no change
 * @param audiences the audiences told about this update
 */
public record Change(IncidentState state, IncidentSeverity severity, String message, String cause,
        Map<String, SystemStatus> systems, String eta, List<Audience> audiences) {
    public Change {
        systems = systems == null ? Map.of() : new LinkedHashMap<>(systems);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }

    boolean empty() {
        return state == null && severity == null && blank(message) && blank(cause) && systems.isEmpty() && eta == null
                && audiences.isEmpty();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
