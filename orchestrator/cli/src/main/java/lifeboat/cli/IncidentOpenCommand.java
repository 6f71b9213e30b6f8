package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.incident.Opening;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.ReportedVia;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "open", mixinStandardHelpOptions = true, description = {"Record a reported crash (policy 1) and tell"
        + " IT at once, with the reporter and the affected systems (each starts as major-outage).",
        "Exit 0 opened, 2 bad input (unknown system)."})
final class IncidentOpenCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--title", required = true, paramLabel = "TEXT", description = "What happened, in a line.")
    String title;

    @Option(names = "--systems", required = true, split = ",", paramLabel = "A,B", description = "The affected"
            + " systems, by their names under systems:.")
    List<String> systems = new ArrayList<>();

    @Option(names = "--severity", paramLabel = "LEVEL", defaultValue = "major", description = "minor, major or"
            + " critical; default: ${DEFAULT-VALUE}")
    String severity;

    @Option(names = "--reported-by", paramLabel = "NAME", description = "Who reported it.")
    String reportedBy;

    @Option(names = "--via", paramLabel = "HOW", description = "How it was reported: phone, email, in-person, web or"
            + " monitoring.")
    String via;

    @Option(names = "--drill", description = "A training exercise (policy 8): every message is marked DRILL and"
            + " goes to IT only.")
    boolean drill;

    @Override
    public Integer call() throws Exception {
        Opening o = new Opening(title, systems, IncidentSeverity.of(severity), reportedBy,
                via == null ? null : ReportedVia.of(via), drill);
        try (Lifeboat lb = global.open()) {
            IncidentRecord i = lb.incidents().open(o);
            if (global.json) {
                Output.json(IncidentView.of(i, lb.config()));
                return Main.OK;
            }
            System.out.println((i.drill() ? "DRILL " : "") + "incident " + i.id() + " opened: " + i.title());
            boolean told = i.timeline().get(0).notified().contains(Audience.IT);
            System.out.println(told ? "IT told through " + String.join(", ",
                    lb.config().crashPolicy().channels(Audience.IT)) : "nobody told: configure audiences.it");
            System.out.println("next: lifeboat incident update " + i.id() + " --state identified --cause TEXT"
                    + " --eta auto --notify leadership,school");
            return Main.OK;
        }
    }
}
