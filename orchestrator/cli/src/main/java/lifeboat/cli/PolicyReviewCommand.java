package lifeboat.cli;

import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.incident.PolicyReviews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "review", mixinStandardHelpOptions = true, description = {"Record that the crash policy was reviewed"
        + " today (its \"Policy Review Cycle\"), and show when the next review is due.",
        "With --status, only show when it is due."})
final class PolicyReviewCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--notes", paramLabel = "TEXT", description = "What the review changed.")
    String notes;

    @Option(names = "--status", description = "Record nothing; show the last review and when the next is due.")
    boolean status;

    @Override
    public Integer call() throws Exception {
        if (status && notes != null) {
            throw new IllegalArgumentException("--status records nothing: leave out --notes");
        }
        try (Lifeboat lb = global.open()) {
            PolicyReviews reviews = lb.policyReviews();
            PolicyReviews.Status s = status ? reviews.status() : reviews.review(notes);
            if (global.json) {
                Output.json(s);
                return Main.OK;
            }
            if (!status) {
                System.out.println("policy review recorded for " + s.lastReviewed() + " by " + s.recordedBy());
            } else {
                System.out.println("last reviewed: " + (s.lastReviewed() == null ? "never" : s.lastReviewed()
                        + (s.recordedBy() == null ? "" : " (" + s.recordedBy() + ")")));
            }
            System.out.println("next review due " + s.due() + (s.overdue() ? " (OVERDUE by " + -s.daysLeft()
                    + " days)" : " (in " + s.daysLeft() + " days)"));
            for (var o : s.overdueActions()) {
                System.out.println("past its date: incident " + o.incidentId() + " measure " + o.action().number()
                        + ": " + o.action().text() + " (" + o.action().owner() + ", due " + o.action().due() + ")");
            }
            return Main.OK;
        }
    }
}
