package lifeboat.cli;

import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.incident.IncidentService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resolve", mixinStandardHelpOptions = true, description = {"Resolve an incident (policy 6 and 7):"
        + " tell the school and leadership that normal operations can resume, then build the incident report, keep it"
        + " in the catalog and on every storage target, and send it to leadership. A drill's messages and report go"
        + " to IT only.",
        "Refused while the monitoring window runs or a probe fails, unless --force REASON.",
        "Exit 0 resolved, 1 refused (the reasons are printed), 2 bad input (already resolved)."})
final class IncidentResolveCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Option(names = "--message", required = true, paramLabel = "TEXT", description = "What was done (IT and"
            + " leadership read it).")
    String message;

    @Option(names = "--force", paramLabel = "REASON", description = "Resolve despite a running monitoring window or a"
            + " failing probe; the reason is on the record and in the report.")
    String force;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            IncidentService.Resolution r = lb.incidents().resolve(id, message, force);
            if (global.json) {
                Output.json(r);
                return r.resolved() ? Main.OK : Main.FAILED;
            }
            if (!r.resolved()) {
                System.err.println("error: incident " + id + " cannot be resolved yet:");
                r.blockers().forEach(b -> System.err.println("  - " + b));
                System.err.println("wait for these, or resolve with --force REASON");
                return Main.FAILED;
            }
            System.out.println((r.incident().drill() ? "DRILL " : "") + "incident " + id + " resolved"
                    + (r.incident().forced() == null ? "" : " (forced: " + r.incident().forced() + ")"));
            System.out.println("report kept in the catalog" + (r.keptOn().isEmpty() ? ""
                    : " and on " + String.join(", ", r.keptOn())) + "; lifeboat incident report " + id
                    + " --format pdf prints it");
            r.problems().forEach(p -> System.err.println("warning: " + p));
            return Main.OK;
        }
    }
}
