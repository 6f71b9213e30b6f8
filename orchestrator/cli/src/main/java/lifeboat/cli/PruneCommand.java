package lifeboat.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import lifeboat.core.Lifeboat;
import lifeboat.core.prune.Decision;
import lifeboat.core.prune.PruneReport;
import lifeboat.core.prune.PruneReport.SourcePrune;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove the backups no retention rule keeps, per storage target; say for each backup why it"
                + " is kept or removed.")
final class PruneCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "The sources to prune.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--all", description = "Prune every configured source.")
    boolean all;

    @Option(names = "--target", paramLabel = "NAME", description = "Only the copies on this storage target.")
    String target;

    @Option(names = "--dry-run", description = "Decide and report, remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            List<String> names = Selection.sources(lb, sources, all);
            if (target != null) {
                lb.targets().config(target);
            }
            PruneReport r = lb.pruner().prune(names, target, dryRun);
            if (global.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dryRun", r.dryRun());
                m.put("ok", r.ok());
                m.put("sources", r.sources());
                m.put("freedBytes", r.freedBytes());
                Output.json(m);
            } else {
                print(r);
            }
            return r.ok() ? Main.OK : Main.FAILED;
        }
    }

    private static void print(PruneReport r) {
        for (SourcePrune s : r.sources()) {
            s.finished().forEach(f -> System.out.println(s.source() + ": finished the interrupted removal of " + f));
            Map<String, List<Decision>> byTarget = s.decisions().stream()
                    .collect(Collectors.groupingBy(Decision::target, LinkedHashMap::new, Collectors.toList()));
            byTarget.forEach((t, list) -> {
                System.out.println(s.source() + " on " + t + ":");
                for (Decision d : list) {
                    String outcome = d.error() != null ? "  FAILED: " + d.error()
                            : d.removed() ? "  (removed)" : "";
                    System.out.printf("  %-7s %-24s %-12s %-20s %10s  %s%s%n", d.verdict(), d.backupId(), d.level(),
                            String.valueOf(d.startedAt()).replaceAll("\\.\\d+Z$", "Z"), Output.bytes(d.bytes()),
                            d.reason(), outcome);
                }
            });
        }
        String freed = r.freedBytes().entrySet().stream().map(e -> e.getKey() + " " + Output.bytes(e.getValue()))
                .collect(Collectors.joining(", "));
        System.out.println((r.dryRun() ? "would free: " : "freed: ") + (freed.isEmpty() ? "nothing" : freed)
                + (r.dryRun() ? " (dry run: nothing was removed)" : ""));
    }
}
