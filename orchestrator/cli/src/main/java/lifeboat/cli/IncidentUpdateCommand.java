package lifeboat.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.incident.Change;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.SystemStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", mixinStandardHelpOptions = true, description = {"Post an update on an incident: state,"
        + " cause, systems' status, expected time, a message; and tell the audiences named (policy 2).",
        "leadership hears scope, state, cause and the expected time; the school each system's plain name, its"
                + " workaround and the expected time, nothing technical.",
        "Exit 0 posted, 2 bad input (unknown system or audience, a state going backwards)."})
final class IncidentUpdateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Option(names = "--state", paramLabel = "STATE", description = "investigating, identified, recovering or"
            + " monitoring (forward only; resolve with `incident resolve`).")
    String state;

    @Option(names = "--severity", paramLabel = "LEVEL", description = "minor, major or critical.")
    String severity;

    @Option(names = "--message", paramLabel = "TEXT", description = "What IT has to say (IT and leadership read it;"
            + " the school does not).")
    String message;

    @Option(names = "--cause", paramLabel = "TEXT", description = "The cause, once known.")
    String cause;

    @Option(names = "--system", paramLabel = "NAME=STATUS", description = "A system's status: operational, degraded,"
            + " partial-outage or major-outage. Repeat for more; a configured system not yet affected is added.")
    List<String> systems = new ArrayList<>();

    @Option(names = "--eta", paramLabel = "auto|TIME", description = "When the systems are expected back: auto (the"
            + " recovery plan with the measured trial-restore durations), an ISO time, a time of day (14:30) or a"
            + " duration from now (2h).")
    String eta;

    @Option(names = "--notify", split = ",", paramLabel = "AUDIENCE", description = "Tell these audiences: it,"
            + " leadership, school, auditors.")
    List<String> notify = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, SystemStatus> statuses = new LinkedHashMap<>();
        for (String s : systems) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--system '" + s + "': give NAME=STATUS, e.g. sis=degraded");
            }
            statuses.put(s.substring(0, eq).strip(), SystemStatus.of(s.substring(eq + 1)));
        }
        List<Audience> audiences = notify.stream().map(Audience::of).distinct().toList();
        Change c = new Change(state == null ? null : IncidentState.of(state),
                severity == null ? null : IncidentSeverity.of(severity), message, cause, statuses, eta, audiences);
        try (Lifeboat lb = global.open()) {
            IncidentRecord i = lb.incidents().update(id, c);
            if (global.json) {
                Output.json(IncidentView.of(i, lb.config()));
                return Main.OK;
            }
            IncidentRecord.Update u = i.timeline().get(i.timeline().size() - 1);
            System.out.println("incident " + i.id() + " (" + i.state() + "): " + u.message());
            if (i.eta() != null && eta != null) {
                System.out.println("expected back " + i.eta() + (i.etaBasis() == null ? "" : ": " + i.etaBasis()));
            } else if (eta != null) {
                System.out.println("expected time unknown: " + i.etaBasis());
            }
            if (!u.notified().isEmpty()) {
                System.out.println("told " + String.join(", ", u.notified().stream().map(Audience::label).toList())
                        + (i.drill() ? " (DRILL: through IT's channels only)" : ""));
            }
            return Main.OK;
        }
    }
}
