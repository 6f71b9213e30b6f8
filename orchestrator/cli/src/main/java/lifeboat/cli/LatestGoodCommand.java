package lifeboat.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.trial.LatestGood;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "latest-good", mixinStandardHelpOptions = true, description = "The newest backup of a source proven good, with the evidence.")
final class LatestGoodCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "SOURCE")
    String source;

    @Option(names = "--before", paramLabel = "TIME", description = "Only backups started at or before this ISO-8601 time.")
    String before;

    @Override
    public Integer call() throws Exception {
        Instant limit = null;
        if (before != null) {
            try {
                limit = Instant.parse(before);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--before '" + before + "' is not an ISO-8601 time such as 2026-11-20T18:00:00Z");
            }
        }
        try (Lifeboat lb = global.openForReading()) {
            lb.sources().get(source);
            LatestGood g = lb.grader().latestGood(source, limit);
            if (global.json) {
                Output.json(g);
            } else {
                if (g.id() == null) {
                    System.out.println("no good backup of " + source + (limit == null ? "" : " before " + limit));
                } else {
                    var e = g.evidence();
                    System.out.printf("%s %s (%s), started %s%n", source, g.id(), g.grade(), g.startedAt());
                    if (e.verificationId() != null) {
                        System.out.printf("  verified: %s verification %d on %s at %s%n", e.verificationMode(),
                                e.verificationId(), g.storage(), e.verifiedAt());
                    } else {
                        System.out.printf("  verified: every object on %s re-read by rolling verification%n", g.storage());
                    }
                    if (e.trialRestoreId() != null) {
                        System.out.printf("  trial restore %d of %s passed at %s in %.1f s%n", e.trialRestoreId(),
                                e.trialRestoreBackup(), e.trialRestoredAt(), e.trialDurationMs() / 1000.0);
                    }
                }
                g.skipped().forEach(s -> System.out.printf("  skipped %s (%s): %s%n", s.id(), s.grade(), s.reason()));
                System.out.println("  " + trialEvidence(g));
            }
            return g.id() == null ? Main.FAILED : Main.OK;
        }
    }

    /** The source's trial evidence in one line, and which rule "good" followed. */
    static String trialEvidence(LatestGood g) {
        var t = g.lastPassedTrial();
        String rule = g.requireTrial() ? " (recovery.requireTrial: a passed trial restore is required)" : "";
        if (t == null) {
            return "last passed trial restore of " + g.source() + ": none" + rule;
        }
        return "last passed trial restore of " + g.source() + ": " + t.id() + " of " + t.backup() + " at " + t.at() + ", "
                + RecoverCommand.duration(t.ageMs()) + " ago" + rule;
    }
}
