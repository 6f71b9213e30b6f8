package lifeboat.core.audit;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened, as an audit entry records it.
 *
 * @param source the source (or storage target, plan, incident) it concerns, or null
 * @param details the facts, as JSON-able values (strings, numbers, booleans, lists, maps, instants, labelled enums)
 */
public record AuditEvent(AuditType type, String source, Map<String, Object> details) {
    public AuditEvent {
        requireNonNull(type, "type is null");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * An event with details given as name, value pairs ({@code "backup", id, "status", status}); null values are left
     * out.
     */
    public static AuditEvent of(AuditType type, String source, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("details come in name, value pairs");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                details.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
            }
        }
        return new AuditEvent(type, source, details);
    }
}
