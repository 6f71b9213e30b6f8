package lifeboat.core.incident;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.model.Audience;
import lifeboat.core.model.SystemStatus;

/**
 * What a template may show, built per audience. An audience that is not {@link Audience#technical() technical} (the
 * school) gets only the systems' plain titles, their status in words, their workarounds, the state in words and the
 * expected time: no incident title, message, cause, system names, sources, host names or backup ids are in its
 * context, so no template, default or edited, can show them.
 */
final class MessageContext {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEEE d MMMM, HH:mm");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final CrashPolicyConfig policy;
    private final ZoneId zone;

    MessageContext(CrashPolicyConfig policy, ZoneId zone) {
        this.policy = policy;
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    String time(Instant at) {
        return at == null ? null : TIME.format(at.atZone(zone));
    }

    String stamp(Instant at) {
        return at == null ? null : STAMP.format(at.atZone(zone));
    }

    /**
     * The context of a message about {@code incident} to {@code audience}.
     *
     * @param message what IT wrote with this update, or null
     * @param extra more values for the technical audiences only (a report's summary), or none
     */
    Map<String, Object> of(IncidentRecord incident, Audience audience, String message, String author,
            Map<String, Object> extra) {
        boolean technical = audience.technical();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("drill", incident.drill());
        c.put("id", incident.id());
        c.put("state", incident.state().label());
        c.put("stateText", incident.state().plain());
        c.put("eta", time(incident.eta()));
        c.put("resolvedAt", time(incident.resolvedAt()));
        List<Map<String, Object>> systems = new ArrayList<>();
        List<Map<String, Object>> down = new ArrayList<>();
        for (String name : incident.systems()) {
            SystemConfig sc = policy.system(name).orElse(null);
            SystemStatus status = incident.status(name).orElse(SystemStatus.MAJOR_OUTAGE);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", sc == null ? name : sc.title());
            s.put("statusText", status.plain());
            s.put("down", status.down());
            if (sc != null && sc.workaround() != null && !sc.workaround().isBlank()) {
                s.put("workaround", sc.workaround().strip());
            }
            if (sc != null && sc.description() != null) {
                s.put("description", sc.description().strip());
            }
            if (technical) {
                s.put("name", name);
                s.put("status", status.label());
                s.put("sources", sc == null ? "" : String.join(", ", sc.sources()));
            }
            systems.add(s);
            if (status.down()) {
                down.add(s);
            }
        }
        c.put("systems", systems);
        c.put("downSystems", down);
        c.put("allUp", down.isEmpty());
        c.put("systemTitles", String.join(", ", systems.stream().map(s -> (String) s.get("title")).toList()));
        if (technical) {
            c.put("title", incident.title());
            c.put("severity", incident.severity().label());
            c.put("reportedBy", incident.reportedBy());
            c.put("via", incident.reportedVia() == null ? null : incident.reportedVia().label());
            c.put("openedAt", stamp(incident.openedAt()));
            c.put("openedBy", incident.openedBy());
            c.put("cause", incident.cause());
            c.put("etaBasis", incident.etaBasis());
            c.put("message", message == null || message.isBlank() ? null : message.strip());
            c.put("author", author);
            c.put("resolution", incident.resolution());
            c.put("forced", incident.forced());
            c.putAll(extra);
        }
        return c;
    }
}
