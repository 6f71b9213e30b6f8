package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.CopyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "copy", mixinStandardHelpOptions = true, description = "Bring a storage target up to date with the complete backups another one holds.")
final class CopyCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--from", required = true, paramLabel = "TARGET", description = "Target to copy from.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "Target to copy to.")
    String to;

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "Only these sources (default: all).")
    List<String> sources = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            for (String t : List.of(from, to)) {
                lb.targets().config(t);
            }
            List<String> names = sources.isEmpty()
                    ? lb.sources().names()
                    : Selection.sources(lb, sources, false);
            List<CopyResult> results = lb.copies().copy(from, to, names, TerminalProgress.create(global.json));
            if (global.json) {
                Output.json(results);
            } else {
                for (CopyResult r : results) {
                    System.out.printf("%s %s (%s) %s -> %s: %d objects, %s%s%n", r.status(), r.backup(), r.source(),
                            r.from(), r.to(), r.objects(), Output.bytes(r.bytes()),
                            r.error() == null ? "" : ": " + r.error());
                }
                if (results.isEmpty()) {
                    System.out.println(to + " already has every complete backup that " + from + " has");
                }
            }
            return results.stream().allMatch(CopyResult::ok) ? Main.OK : Main.FAILED;
        }
    }
}
