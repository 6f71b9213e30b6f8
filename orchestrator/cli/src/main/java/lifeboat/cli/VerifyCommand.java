package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.config.Budget;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.verify.Verifier;
import lifeboat.core.verify.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check that backups are intact: objects present, hashes and files matching.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "ID|SOURCE", arity = "0..1", description = "One backup, or every backup of a source.")
    String what;

    @Option(names = "--all", description = "Every backup of every source.")
    boolean all;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "quick (present, right size), full (re-read and re-hash every object and file),"
                    + " sample (re-read objects, re-hash a random share of files); default: full for one backup id,"
                    + " quick for a source or --all")
    String mode;

    @Option(names = "--sample", defaultValue = "5", paramLabel = "PERCENT",
            description = "Share of files re-hashed in sample mode; default: ${DEFAULT-VALUE}")
    double sample;

    @Option(names = "--target", paramLabel = "NAME", description = "Only the copy on this storage target.")
    String target;

    @Option(names = "--budget", paramLabel = "SIZE|PERCENT", description = "Rolling mode: how much to re-read this"
            + " run, e.g. 20GiB or 5%% of everything stored.")
    String budget;

    @Override
    public Integer call() throws Exception {
        VerifyMode m = VerifyMode.of(mode == null ? "quick" : mode);
        if (sample <= 0 || sample > 100) {
            throw new IllegalArgumentException("--sample must be above 0 and at most 100");
        }
        if (m == VerifyMode.ROLLING) {
            return rolling();
        }
        if ((what == null) == !all) {
            throw new IllegalArgumentException("give a backup id, a source name, or --all");
        }
        try (Lifeboat lb = global.open()) {
            if (target != null) {
                lb.targets().config(target);
            }
            List<BackupRecord> backups = new ArrayList<>();
            if (all) {
                backups.addAll(lb.inventory().backups(null));
            } else if (lb.sources().find(what).isPresent()) {
                backups.addAll(lb.inventory().backups(what));
            } else {
                backups.add(lb.inventory().backup(what).orElseThrow(() -> new IllegalArgumentException(
                        "'" + what + "' is neither a backup id nor a configured source")));
                // whoever names one backup wants to know whether it is good, which only re-reading tells
                if (mode == null) {
                    m = VerifyMode.FULL;
                }
            }
            backups.removeIf(b -> !b.status().usable());
            Verifier verifier = lb.verifier();
            List<VerifyResult> results = new ArrayList<>();
            for (BackupRecord b : backups) {
                List<VerifyResult> checked = verifier.verify(b, m, sample, target, TerminalProgress.create(global.json));
                results.addAll(checked);
                if (!global.json) {
                    print(checked);
                }
            }
            if (global.json) {
                Output.json(results);
            } else if (results.isEmpty()) {
                System.out.println("no complete backups to verify");
            }
            return results.stream().allMatch(VerifyResult::ok) ? Main.OK : Main.FAILED;
        }
    }

    private int rolling() throws Exception {
        if (budget == null) {
            throw new IllegalArgumentException("--mode rolling needs --budget SIZE or PERCENT, e.g. --budget 5%");
        }
        try (Lifeboat lb = global.open()) {
            Verifier verifier = lb.verifier();
            long total = verifier.storedBytes(null);
            long bytes = Budget.bytes(budget, total);
            List<VerifyResult> results = verifier.verifyRolling(bytes, TerminalProgress.create(global.json));
            if (global.json) {
                Output.json(results);
            } else {
                System.out.println("rolling verify: budget " + Output.bytes(bytes) + " of " + Output.bytes(total) + " stored");
                print(results);
            }
            return results.stream().allMatch(VerifyResult::ok) ? Main.OK : Main.FAILED;
        }
    }

    static void print(List<VerifyResult> results) {
        for (VerifyResult r : results) {
            if (r.ok() && r.mode() == VerifyMode.QUICK) {
                // a quick check re-reads nothing: "ok" would promise more than it knows
                System.out.printf("present, sizes match (quick) %s on %s: %d objects; --mode full re-reads and"
                        + " re-hashes them%n", r.backup(), r.storage(), r.objectsChecked());
            } else {
                System.out.printf("%s %s on %s (%s): %d objects, %d files, %s read%n", r.ok() ? "ok"
                        : r.status() == VerifyStatus.KEY_MISMATCH ? "KEY MISMATCH (not damage)" : "FAILED",
                        r.backup(), r.storage(), r.mode(), r.objectsChecked(), r.filesChecked(),
                        Output.bytes(r.bytesRead()));
            }
            r.findings().forEach(f -> System.out.println("  " + f.kind() + ": " + f));
            r.notes().forEach(n -> System.out.println("  note: " + n));
        }
    }
}
