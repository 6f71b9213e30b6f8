package lifeboat.cli;

import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.rebuild.RebuildReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "catalog", mixinStandardHelpOptions = true, description = "The catalog itself.",
        subcommands = CatalogCommand.Rebuild.class)
final class CatalogCommand {
    @Command(name = "rebuild", mixinStandardHelpOptions = true, description = "Rebuild the catalog from a storage target"
            + " alone (the old one is gone): every backup with a backup.json, its objects and copy, and the proof of its"
            + " verifications and trial restores. Run again with another target to add its copies. Exit 1 when"
            + " something was skipped or no longer matches, 2 when the catalog contradicts the target.")
    static final class Rebuild implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(names = "--from", required = true, paramLabel = "TARGET", description = "Storage target to read.")
        String from;

        @Option(names = "--verify", paramLabel = "MODE", description = "Also verify every copy found: quick (present,"
                + " sizes match) or full (every object re-read against its SHA-256); recorded as usual.")
        String verify;

        @Override
        public Integer call() throws Exception {
            VerifyMode mode = null;
            if (verify != null) {
                if (!"quick".equals(verify) && !"full".equals(verify)) {
                    throw new IllegalArgumentException("--verify is quick or full, not '" + verify + "'");
                }
                mode = VerifyMode.of(verify);
            }
            try (Lifeboat lb = global.open()) {
                RebuildReport r = lb.rebuilder().rebuild(from, mode, TerminalProgress.create(global.json));
                if (global.json) {
                    Output.json(r);
                } else {
                    print(r);
                }
                return r.clean() ? Main.OK : Main.FAILED;
            }
        }

        private static void print(RebuildReport r) {
            System.out.printf("rebuilt from %s (%s), repository %s: %d backup(s) found, %d added, %d copies added,"
                    + " %d already known%n", r.storage(), r.location(), r.repositoryId(), r.found(), r.added().size(),
                    r.copiesAdded().size(), r.alreadyKnown().size());
            System.out.printf("proof: %d verification(s) and %d trial restore(s) read back, %d already known%n",
                    r.verificationsImported(), r.trialsImported(), r.proofsAlreadyKnown());
            for (RebuildReport.Skipped s : r.skipped()) {
                System.out.println("skipped " + s.what() + ": " + s.reason());
            }
            for (RebuildReport.Mismatch m : r.mismatches()) {
                System.out.println("mismatch " + m.backup() + " " + m.object() + " (" + m.kind() + "): " + m.message());
            }
            for (String p : r.problems()) {
                System.out.println("note: " + p);
            }
            System.out.println("not in any repository, so not rebuilt:");
            for (String n : r.notRecovered()) {
                System.out.println("  - " + n);
            }
        }
    }
}
