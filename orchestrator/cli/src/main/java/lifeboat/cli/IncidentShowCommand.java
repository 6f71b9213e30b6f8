package lifeboat.cli;

import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.model.Audience;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "An incident with its systems, timeline,"
        + " messages sent, recovery runs and preventive actions.")
final class IncidentShowCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            IncidentRecord i = lb.incidents().get(id);
            if (global.json) {
                Output.json(IncidentView.of(i, lb.config()));
                return Main.OK;
            }
            System.out.println((i.drill() ? "DRILL " : "") + "incident " + i.id() + ": " + i.title());
            System.out.println("  state " + i.state() + ", severity " + i.severity() + ", opened "
                    + JobsCommand.short_(i.openedAt()) + " by " + i.openedBy()
                    + (i.reportedBy() == null ? "" : ", reported by " + i.reportedBy())
                    + (i.reportedVia() == null ? "" : " via " + i.reportedVia()));
            if (i.cause() != null) {
                System.out.println("  cause: " + i.cause());
            }
            if (i.eta() != null || i.etaBasis() != null) {
                System.out.println("  expected back: " + (i.eta() == null ? "unknown" : JobsCommand.short_(i.eta()))
                        + (i.etaBasis() == null ? "" : " (" + i.etaBasis() + ")"));
            }
            if (i.resolvedAt() != null) {
                System.out.println("  resolved " + JobsCommand.short_(i.resolvedAt()) + (i.resolution() == null ? ""
                        : ": " + i.resolution()) + (i.forced() == null ? "" : " (forced: " + i.forced() + ")"));
            }
            System.out.println("systems:");
            for (String s : i.systems()) {
                System.out.println("  " + s + ": " + i.status(s).orElseThrow());
            }
            System.out.println("timeline:");
            for (IncidentRecord.Update u : i.timeline()) {
                System.out.println("  " + JobsCommand.short_(u.at()) + " " + u.kind() + " [" + u.state() + "] "
                        + u.author() + ": " + u.message() + (u.notified().isEmpty() ? "" : " (told "
                                + String.join(", ", u.notified().stream().map(Audience::label).toList()) + ")"));
            }
            if (!i.messages().isEmpty()) {
                System.out.println("messages:");
                for (IncidentRecord.Message m : i.messages()) {
                    System.out.println("  " + m.audience() + " via " + m.channel() + " (notification "
                            + m.notificationId() + "): " + m.subject());
                }
            }
            if (!i.recoveryRuns().isEmpty()) {
                System.out.println("recovery runs: " + String.join(", ",
                        i.recoveryRuns().stream().map(String::valueOf).toList()));
            }
            if (!i.actions().isEmpty()) {
                System.out.println("preventive actions:");
                for (IncidentRecord.Action a : i.actions()) {
                    System.out.println("  " + a.number() + ". [" + (a.done() ? "done" : "open") + "] " + a.text()
                            + " (" + a.owner() + ", due " + a.due() + ")");
                }
            }
            return Main.OK;
        }
    }
}
