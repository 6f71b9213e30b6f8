package lifeboat.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupRun;
import lifeboat.core.backup.BackupService;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;
import lifeboat.core.repo.SourceLocks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up sources to their storage targets.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "Sources to back up.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--all", description = "Back up every configured source.")
    boolean all;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "incremental",
            description = "full, incremental (changes since the last backup) or differential (since the last full);"
                    + " default: ${DEFAULT-VALUE}")
    String level;

    @Option(names = "--verify", description = "Then verify each new backup in full (re-read, re-hash every object"
            + " and file).")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        Level requested = Level.of(level);
        try (Lifeboat lb = global.open()) {
            List<String> names = Selection.sources(lb, sources, all);
            lb.alerts().dispatcher().deliverDueSoon();
            BackupService service = lb.backups();
            List<Object> results = new ArrayList<>();
            boolean ok = true;
            for (String name : names) {
                BackupRun run;
                try {
                    run = service.run(name, requested, verify, TerminalProgress.create(global.json), Attempt.BY_HAND);
                } catch (SourceLocks.Busy e) {
                    // not a failure of the source: no alert, and nothing of the running backup is touched
                    ok = false;
                    if (global.json) {
                        results.add(new NotRun(name, BackupStatus.FAILED, e.getMessage()));
                    } else {
                        System.out.println("refused " + name + ": " + e.getMessage());
                    }
                    continue;
                } catch (IOException | RuntimeException e) {
                    // the other sources still get their backup; this one is reported and fails the command
                    String error = e.getMessage() == null ? e.toString() : e.getMessage();
                    ok = false;
                    if (global.json) {
                        results.add(new NotRun(name, BackupStatus.FAILED, error));
                    } else {
                        System.out.println("failed " + name + ": the backup could not run");
                        System.out.println("  error: " + error);
                    }
                    continue;
                }
                ok &= run.ok();
                results.add(run);
                if (!global.json) {
                    print(run.backup());
                    if (run.verified() != null) {
                        VerifyCommand.print(run.verified());
                    }
                }
            }
            if (global.json) {
                Output.json(results.size() == 1 ? results.get(0) : results);
            }
            return ok ? Main.OK : Main.FAILED;
        }
    }

    /** A source whose backup could not even start (its share missing, its server refusing). */
    record NotRun(String source, BackupStatus status, String error) {
    }

    private static void print(BackupResult r) {
        System.out.printf("%s %s %s %s: %d files, %s (%d changed, %s), %d deleted, %s stored%n", r.status(), r.source(),
                r.level(), r.id(), r.files(), Output.bytes(r.bytes()), r.changedFiles(), Output.bytes(r.changedBytes()),
                r.deletedFiles(), Output.bytes(r.storedBytes()));
        if (r.note() != null) {
            System.out.println("  note: " + r.note());
        }
        r.problems().forEach(p -> System.out.println("  problem: " + p));
        r.warnings().forEach(w -> System.out.println("  warning: " + w));
        if (r.error() != null) {
            System.out.println("  error: " + r.error());
        }
    }
}
