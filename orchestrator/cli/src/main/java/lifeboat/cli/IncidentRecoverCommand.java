package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.incident.IncidentService;
import lifeboat.core.model.Audience;
import lifeboat.core.recover.RecoveryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "recover", mixinStandardHelpOptions = true, description = {"Recover the incident's systems from"
        + " backups (policy 3, advanced recovery): `lifeboat recover` for the sources of the affected systems in the"
        + " plan, linked to the incident, with an update as each priority group is restored and checked (systems"
        + " back become operational; the expected time is recomputed).",
        "Exit 0 all restored and checked, 1 a step failed, 2 bad input or not confirmed."})
final class IncidentRecoverCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Option(names = "--plan", required = true, paramLabel = "NAME", description = "The recovery plan under"
            + " recoveryPlans.")
    String plan;

    @Option(names = "--notify", split = ",", paramLabel = "AUDIENCE", description = "Also tell these audiences of"
            + " each group's update (IT is always told): leadership, school, auditors.")
    List<String> notify = new ArrayList<>();

    @Option(names = "--yes", description = "Do not ask before overwriting the targets.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        List<Audience> audiences = notify.stream().map(Audience::of).distinct().toList();
        try (Lifeboat lb = global.open()) {
            IncidentService incidents = lb.incidents();
            RecoveryService.Plan p = incidents.recoveryPlan(id, plan);
            if (!global.json) {
                RecoverCommand.printPlan(p);
            }
            if (!Confirm.ask(yes, "Restore these " + p.steps().size() + " sources for incident " + id
                    + ", replacing what is at each target?", "incident recover")) {
                return Main.USAGE;
            }
            IncidentService.Recovered r = incidents.recover(id, p, audiences);
            if (global.json) {
                Output.json(r);
            } else {
                RecoveryService.Result o = r.run();
                System.out.println("recovery run " + o.runId() + " of plan " + o.plan() + " for incident " + id + ": "
                        + o.status().label().toUpperCase());
                for (var s : o.steps()) {
                    System.out.printf("  %-8s prio %d %-16s %s%n", s.status(), s.priority(), s.source(),
                            s.recoveryTimeMs() == null ? "" : "back after " + RecoverCommand.duration(s.recoveryTimeMs()));
                }
                r.problems().forEach(p2 -> System.err.println("warning: " + p2));
                System.out.println(o.ok() ? "next: lifeboat incident monitor " + id
                        : "resume with: lifeboat recover --resume " + o.runId());
            }
            return r.run().ok() ? Main.OK : Main.FAILED;
        }
    }
}
