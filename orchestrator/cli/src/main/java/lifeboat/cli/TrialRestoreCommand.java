package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.trial.TrialRestoreService;
import lifeboat.core.trial.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trial-restore", mixinStandardHelpOptions = true, description = "Restore backups into scratch space and run their restore tests.")
final class TrialRestoreCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "Sources to trial-restore.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--all", description = "Every configured source.")
    boolean all;

    @Option(names = "--backup", paramLabel = "ID", description = "This backup instead of the newest complete one.")
    String backup;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            TrialRestoreService service = lb.trials();
            List<String> names = backup != null && sources.isEmpty() && !all
                    ? List.of(lb.inventory().require(backup).source())
                    : Selection.sources(lb, sources, all);
            if (backup != null && names.size() != 1) {
                throw new IllegalArgumentException("--backup takes one source");
            }
            List<TrialResult> results = new ArrayList<>();
            for (String name : names) {
                TrialResult r = service.trial(name, backup, TerminalProgress.create(global.json));
                results.add(r);
                if (!global.json) {
                    System.out.printf("%s %s %s in %.1f s%n", r.passed() ? "passed" : "FAILED", r.source(), r.backup(),
                            r.durationMs() / 1000.0);
                    r.checks().forEach(c -> System.out.printf("  %-7s %s: %s%n", c.status(), c.name(), c.detail()));
                }
            }
            if (global.json) {
                Output.json(results);
            }
            return results.stream().allMatch(TrialResult::passed) ? Main.OK : Main.FAILED;
        }
    }
}
