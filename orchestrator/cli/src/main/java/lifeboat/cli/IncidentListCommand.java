package lifeboat.cli;

import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Incidents, newest first; kept for ever.")
final class IncidentListCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--open", description = "Only those not resolved.")
    boolean open;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            List<IncidentRecord> list = lb.incidents().list(open);
            if (global.json) {
                Output.json(list.stream().map(i -> IncidentView.of(i, lb.config())).toList());
                return Main.OK;
            }
            System.out.printf("%5s %-20s %-13s %-8s %-5s %-24s %s%n", "ID", "OPENED", "STATE", "SEVERITY", "DRILL",
                    "SYSTEMS", "TITLE");
            for (IncidentRecord i : list) {
                System.out.printf("%5d %-20s %-13s %-8s %-5s %-24s %s%n", i.id(), JobsCommand.short_(i.openedAt()),
                        i.state(), i.severity(), i.drill() ? "yes" : "", String.join(",", i.systems()), i.title());
            }
            return Main.OK;
        }
    }
}
