package lifeboat.cli;

import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.auditing.CheckpointResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Signs the audit chain's head with"
        + " the installation's Ed25519 key and writes it, with the entries since the last checkpoint, to every storage"
        + " target (the daemon does this daily).")
final class AuditCheckpointCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--target", paramLabel = "NAME", description = "Write only to this storage target.")
    String target;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            CheckpointResult r = lb.auditing().checkpoint(lb.actor(), target);
            if (global.json) {
                Output.json(r);
            } else {
                System.out.println("checkpoint of entry " + r.seq() + " (" + r.hash() + "), entries " + r.from()
                        + " to " + r.seq() + ", signed with key " + r.keyFingerprint());
                r.written().forEach(t -> System.out.println("  written to " + t));
                r.failed().forEach((t, why) -> System.out.println("  NOT written to " + t + ": " + why));
            }
            return r.ok() ? Main.OK : Main.FAILED;
        }
    }
}
