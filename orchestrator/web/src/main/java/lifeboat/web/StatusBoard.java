package lifeboat.web;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.model.Audience;
import lifeboat.core.model.SystemStatus;
import lifeboat.core.model.TimelineKind;

/**
 * What the public status page shows: the configured systems ({@code systems:}; the sources where none are) with
 * their status from the open incidents, the open incidents and those resolved in the last 30 days. Drills are left
 * out (they are for IT only).
 */
final class StatusBoard {
    static final Duration RESOLVED_SHOWN = Duration.ofDays(30);

    private final Lifeboat lifeboat;
    private final Board board;

    StatusBoard(Lifeboat lifeboat, Board board) {
        this.lifeboat = lifeboat;
        this.board = board;
    }

    /** The real (not drill) incidents, newest first. */
    List<IncidentRecord> incidents() throws SQLException, ConfigException {
        return lifeboat.incidents().list(false).stream().filter(i -> !i.drill()).toList();
    }

    List<StatusRow> systems(List<IncidentRecord> incidents) throws SQLException {
        List<SystemConfig> systems = lifeboat.config().crashPolicy().systems();
        if (systems.isEmpty()) {
            return board.states(Instant.now()).stream().map(s -> s.light() == Light.RED
                    ? new StatusRow(s.name(), "backups need attention", "amber", null)
                    : new StatusRow(s.name(), "working normally", "green", null)).toList();
        }
        List<StatusRow> out = new ArrayList<>();
        for (SystemConfig sc : systems) {
            SystemStatus worst = SystemStatus.OPERATIONAL;
            for (IncidentRecord i : incidents) {
                if (i.state().open()) {
                    SystemStatus s = i.status(sc.name()).orElse(SystemStatus.OPERATIONAL);
                    worst = s.ordinal() > worst.ordinal() ? s : worst;
                }
            }
            String css = worst == SystemStatus.OPERATIONAL ? "green" : worst == SystemStatus.MAJOR_OUTAGE ? "red"
                    : "amber";
            out.add(new StatusRow(sc.title(), worst.plain(), css, worst.down() ? sc.workaround() : null));
        }
        return out;
    }

    List<PublicIncident> open(List<IncidentRecord> incidents) {
        return incidents.stream().filter(i -> i.state().open()).map(this::view).toList();
    }

    List<PublicIncident> resolved(List<IncidentRecord> incidents, Instant now) {
        return incidents.stream().filter(i -> !i.state().open() && i.resolvedAt() != null
                && i.resolvedAt().isAfter(now.minus(RESOLVED_SHOWN))).map(this::view).toList();
    }

    private PublicIncident view(IncidentRecord i) {
        Map<String, String> systems = new LinkedHashMap<>();
        List<String> workarounds = new ArrayList<>();
        for (String name : i.systems()) {
            SystemConfig sc = lifeboat.config().crashPolicy().system(name).orElse(null);
            String title = sc == null ? name : sc.title();
            SystemStatus status = i.status(name).orElse(SystemStatus.OPERATIONAL);
            systems.put(title, status.plain());
            if (sc != null && sc.workaround() != null && i.state().open() && status.down()) {
                workarounds.add(title + ": " + sc.workaround());
            }
        }
        // the timeline's own words are IT's (causes, error text, host names): the school sees the state in plain words
        // of the opening and of each update IT sent to the school
        List<PublicIncident.Line> updates = i.timeline().stream().filter(u -> u.kind() == TimelineKind.OPENED
                || u.kind() == TimelineKind.RESOLVED || u.notified().contains(Audience.SCHOOL))
                .map(u -> new PublicIncident.Line(Format.time(u.at()), u.state().plain())).toList();
        String systemText = String.join("; ", systems.entrySet().stream().map(e -> e.getKey() + " "
                + (i.state().open() ? e.getValue() : "")).map(String::strip).toList());
        return new PublicIncident(i.id(), systemText, i.state().plain(), i.eta() == null ? null : Format.time(i.eta()),
                workarounds.stream().filter(Objects::nonNull).distinct().toList(), updates, Format.time(i.openedAt()),
                i.resolvedAt() == null ? null : Format.time(i.resolvedAt()));
    }
}
