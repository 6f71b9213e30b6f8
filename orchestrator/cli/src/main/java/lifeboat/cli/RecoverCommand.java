package lifeboat.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.recover.RecoveryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recover", mixinStandardHelpOptions = true, description = {"Crash recovery: restore a recovery plan's sources from their latest good"
        + " backups, priority group by priority group, and run their restore tests against what was restored.",
        "Exit 0 all sources restored and checked, 1 a step failed, 2 usage error or not confirmed."})
final class RecoverCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--plan", paramLabel = "NAME", description = "The recovery plan under recoveryPlans.")
    String plan;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "Continue an interrupted run; finished steps are not redone.")
    Long resume;

    @Option(names = "--dry-run", description = "Show the plan and stop.")
    boolean dryRun;

    @Option(names = "--before", paramLabel = "TIME", description = "Only backups started at or before this ISO-8601 time"
            + " (to go back to before ransomware or a bad upgrade).")
    String before;

    @Option(names = "--only", paramLabel = "SOURCE", arity = "1..*", description = "Only these sources of the plan.")
    List<String> only = new ArrayList<>();

    @Option(names = "--yes", description = "Do not ask before overwriting the targets.")
    boolean yes;

    @Option(names = "--delete", description = "Restore shares as mirrors: once a share is restored, remove what its"
            + " target holds and the backup lacks (a plan source's 'delete: true' does this for one share). The dry run"
            + " counts it. A resumed run keeps the --delete it was started with.")
    boolean delete;

    @Option(names = "--continue-on-failure", description = "Go on with later priority groups when a group failed.")
    boolean continueOnFailure;

    @Override
    public Integer call() throws Exception {
        if ((plan == null) == (resume == null)) {
            throw new IllegalArgumentException("give either --plan NAME or --resume RUN_ID");
        }
        if (resume != null && (dryRun || before != null || !only.isEmpty() || continueOnFailure)) {
            throw new IllegalArgumentException("--resume takes the run as it was planned: no --dry-run, --before, --only"
                    + " or --continue-on-failure");
        }
        Instant limit = null;
        if (before != null) {
            try {
                limit = Instant.parse(before);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--before '" + before + "' is not an ISO-8601 time such as 2026-11-20T18:00:00Z");
            }
        }
        try (Lifeboat lb = dryRun ? global.openForReading() : global.open()) {
            RecoveryService service = lb.recoveries();
            if (resume != null) {
                var current = service.result(resume);
                if (!global.json) {
                    System.out.println("resuming recovery run " + resume + " of plan " + current.plan());
                    current.steps().forEach(s -> System.out.printf("  %-9s %s%n", s.status(), s.source()));
                }
                if (!confirm("Resume recovery run " + resume + ", overwriting the targets of its unfinished steps?")) {
                    return Main.USAGE;
                }
                return report(service.resume(resume, delete));
            }
            RecoveryService.Plan p = service.plan(plan, limit, only, delete);
            if (dryRun) {
                if (global.json) {
                    Output.json(p);
                } else {
                    printPlan(p);
                }
                // the real run would fail those steps: a script checking the plan must see it
                return p.steps().stream().anyMatch(s -> s.problem() != null) ? Main.FAILED : Main.OK;
            }
            if (!global.json) {
                printPlan(p);
            }
            if (!confirm("Restore these " + p.steps().size() + " sources, replacing what is at each target?")) {
                return Main.USAGE;
            }
            return report(service.execute(p, continueOnFailure, delete));
        }
    }

    private boolean confirm(String question) throws Exception {
        return Confirm.ask(yes, question, "recover");
    }

    static void printPlan(RecoveryService.Plan p) {
        System.out.println("recovery plan " + p.plan() + (p.before() == null ? "" : " (backups at or before " + p.before() + ")")
                + ", parallelism " + p.parallelism());
        System.out.printf("  %-3s %-4s %-16s %-28s %-20s %-12s %-10s %-10s %s%n", "#", "prio", "source", "backup",
                "backup time", "data loss", "size", "expected", "target");
        for (var s : p.steps()) {
            System.out.printf("  %-3d %-4d %-16s %-28s %-20s %-12s %-10s %-10s %s%n", s.order(), s.priority(), s.source(),
                    s.backup() == null ? "-" : s.backup(), s.backupStartedAt() == null ? "-" : s.backupStartedAt()
                            .truncatedTo(ChronoUnit.SECONDS),
                    s.dataLossMs() == null ? "-" : duration(s.dataLossMs()), Output.bytes(s.bytes()),
                    s.expectedDurationMs() == null ? "unknown" : duration(s.expectedDurationMs()),
                    s.target() == null ? "-" : s.target());
            if (!s.after().isEmpty()) {
                System.out.println("      after " + String.join(", ", s.after()));
            }
            if (s.toDelete() != null) {
                System.out.println("      delete: " + s.toDelete() + " files and directories in the target that the"
                        + " backup lacks would be removed");
            }
            for (var skipped : s.passedOver()) {
                System.out.println("      newer backup " + skipped.id() + " passed over: " + skipped.reason());
            }
            if (s.storage() != null) {
                System.out.println("      verified good on " + s.storage());
            }
            var t = s.lastPassedTrial();
            System.out.println("      last passed trial restore: " + (t == null ? "none" : t.id() + " of " + t.backup() + ", "
                    + duration(t.ageMs()) + " ago") + (s.requireTrial() ? " (required: requireTrial)" : ""));
            if (s.problem() != null) {
                System.out.println("      PROBLEM: " + s.problem());
            }
        }
    }

    private int report(RecoveryService.Result o) {
        if (global.json) {
            Output.json(o);
        } else {
            System.out.println("recovery run " + o.runId() + " of plan " + o.plan() + ": " + o.status().label().toUpperCase()
                    + (o.finishedAt() == null ? "" : " in " + duration(Duration.between(o.startedAt(), o.finishedAt()).toMillis())));
            for (var s : o.steps()) {
                System.out.printf("  %-8s prio %d %-16s %s  recovered after %s, data-loss window %s%n", s.status(),
                        s.priority(), s.source(), s.backup() == null ? "-" : s.backup(),
                        s.recoveryTimeMs() == null ? "-" : duration(s.recoveryTimeMs()),
                        s.dataLossMs() == null ? "-" : duration(s.dataLossMs()));
                if (s.detail() != null) {
                    System.out.println("      " + s.detail());
                }
            }
            if (!o.ok()) {
                System.out.println("resume with: lifeboat recover --resume " + o.runId());
            }
        }
        return o.ok() ? Main.OK : Main.FAILED;
    }

    static String duration(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toDays() > 0) {
            return d.toDays() + "d" + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return String.format("%.1fs", ms / 1000.0);
    }
}
