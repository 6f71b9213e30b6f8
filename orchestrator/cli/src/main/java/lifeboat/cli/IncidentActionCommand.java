package lifeboat.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.incident.IncidentService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "action", mixinStandardHelpOptions = true, description = {"Preventive measures of an incident"
        + " (policy 7 and 8): add one with an owner and a date, or mark one done. Those past their date are in the"
        + " daily digest.", "Exit 0 done, 2 bad input."})
final class IncidentActionCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    /** Either a new measure or one done. */
    static final class What {
        @ArgGroup(exclusive = false)
        Add add;

        @Option(names = "--done", paramLabel = "N", description = "Mark measure N done.")
        Integer done;
    }

    /** A new measure. */
    static final class Add {
        @Option(names = "--add", required = true, paramLabel = "TEXT", description = "The measure.")
        String text;

        @Option(names = "--owner", required = true, paramLabel = "NAME", description = "Who sees to it.")
        String owner;

        @Option(names = "--due", required = true, paramLabel = "DATE", description = "By when (2026-12-31).")
        String due;
    }

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            IncidentService incidents = lb.incidents();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("incident", id);
            if (what.done != null) {
                incidents.actionDone(id, what.done);
                result.put("done", what.done);
            } else {
                LocalDate due;
                try {
                    due = LocalDate.parse(what.add.due.strip());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--due '" + what.add.due + "' is not a date such as 2026-12-31");
                }
                result.put("added", incidents.addAction(id, what.add.text, what.add.owner, due));
            }
            if (global.json) {
                result.put("actions", incidents.get(id).actions());
                Output.json(result);
            } else {
                System.out.println(result.containsKey("done") ? "preventive measure " + what.done + " of incident " + id
                        + " done" : "preventive measure " + result.get("added") + " added to incident " + id);
            }
            return Main.OK;
        }
    }
}
