package lifeboat.cli;

import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.auditing.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Re-checks the audit chain in the catalog"
        + " and against the signed checkpoints on every storage target. Exit 0 when intact; 1 naming the first entry"
        + " that does not match (sequence, time, what it claims) and how: edited, missing, inserted, reordered,"
        + " checkpoint-mismatch, truncated.")
final class AuditVerifyCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--target", paramLabel = "NAME", description = "Check only this storage target's checkpoints.")
    String target;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            Verification v = lb.auditing().verify(lb.actor(), target);
            if (global.json) {
                Output.json(v);
            } else {
                System.out.println("audit chain: " + v.entries() + " entries in the catalog, head " + v.headSeq()
                        + " (" + v.headHash() + "); signing key " + v.keyFingerprint());
                for (Verification.TargetCheck t : v.targets()) {
                    System.out.println("  " + t.target() + ": " + (t.error() != null ? "cannot read: " + t.error()
                            : t.checkpoints() + " checkpoints" + (t.latest() == null ? "" : ", newest at entry "
                                    + t.latest())));
                }
                System.out.println(v.intact() ? "intact" : "BROKEN: " + v.firstBreak().describe());
            }
            return v.intact() && v.complete() ? Main.OK : Main.FAILED;
        }
    }
}
