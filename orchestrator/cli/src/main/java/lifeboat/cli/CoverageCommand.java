package lifeboat.cli;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.Durations;
import lifeboat.core.verify.Coverage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coverage", mixinStandardHelpOptions = true, description = "Per source and target: the share of stored bytes re-read within a period.")
final class CoverageCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--period", defaultValue = "30d", paramLabel = "DURATION",
            description = "Window for 'recently verified'; default: ${DEFAULT-VALUE}")
    String period;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            List<Coverage.Item> items = lb.verifier().coverage(Durations.parse(period), Instant.now());
            if (global.json) {
                Output.json(items);
            } else {
                System.out.printf("%-16s %-10s %8s %11s %7s %7s  %s%n", "SOURCE", "TARGET", "OBJECTS", "BYTES", "COVERED",
                        "NEVER", "OLDEST VERIFIED");
                for (Coverage.Item i : items) {
                    System.out.printf("%-16s %-10s %8d %11s %6.1f%% %7d  %s%n", i.source(), i.storage(), i.objects(),
                            Output.bytes(i.bytes()), i.sharePercent(), i.neverVerified(),
                            i.neverVerified() > 0 ? "never (" + i.oldestObject() + ")" : i.oldestVerifiedAt());
                }
            }
            return Main.OK;
        }
    }
}
