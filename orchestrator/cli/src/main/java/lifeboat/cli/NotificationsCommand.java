package lifeboat.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.catalog.OpenAlert;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.NotificationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "notifications", mixinStandardHelpOptions = true, description = "Recent notifications with their delivery state (pending, sending,"
        + " sent, expired), and the problems still open.")
final class NotificationsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--since", paramLabel = "TIME", defaultValue = "7d", description = "Only notifications created"
            + " since TIME: an ISO instant, a date, or a duration ago (24h, 7d); default: ${DEFAULT-VALUE}")
    String since;

    @Option(names = "--attempts", description = "Also list every delivery attempt.")
    boolean attempts;

    @Option(names = "--send", description = "First try every undelivered message now, whatever its backoff (after"
            + " fixing a mail server, say); exit 1 when some still did not go.")
    boolean send;

    /** The {@code --json} document. */
    record Listing(List<Item> notifications, List<OpenAlert> openProblems) {
    }

    /** One notification and, with --attempts, its attempts. */
    record Item(@JsonUnwrapped NotificationRecord notification,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            List<EventStore.Attempt> attempts) {
    }

    @Override
    public Integer call() throws Exception {
        Instant from = JobsCommand.parse(since);
        try (Lifeboat lb = global.open()) {
            Inventory outbox = lb.inventory();
            boolean allSent = true;
            if (send) {
                var tried = lb.alerts().sendUndelivered();
                long failed = tried.stream().filter(a -> !a.ok()).count();
                allSent = failed == 0;
                (global.json ? System.err : System.out).println("sent " + (tried.size() - failed) + " of " + tried.size()
                        + " undelivered notifications" + (failed == 0 ? "" : "; " + failed + " failed again"));
            }
            List<NotificationRecord> list = outbox.notifications(from);
            List<OpenAlert> open = outbox.openAlerts();
            if (global.json) {
                List<Item> items = new ArrayList<>();
                for (NotificationRecord n : list) {
                    items.add(new Item(n, attempts ? outbox.attempts(n.id()) : null));
                }
                Output.json(new Listing(items, open));
                return allSent ? Main.OK : Main.FAILED;
            }
            System.out.printf("%6s %-20s %-14s %-21s %-9s %-14s %-8s %3s%n", "ID", "CREATED", "CHANNEL", "TYPE", "KIND",
                    "SOURCE", "STATE", "#");
            for (NotificationRecord n : list) {
                System.out.printf("%6d %-20s %-14s %-21s %-9s %-14s %-8s %3d%n", n.id(), JobsCommand.short_(n.createdAt()),
                        n.channel(),
                        n.type(), n.kind(), n.source() == null ? "-" : n.source(), n.state(), n.attempts());
                System.out.println("       " + n.subject());
                if (n.answer() != null) {
                    System.out.println("       answer: " + n.answer());
                }
                if (n.lastError() != null && n.state() != NotificationState.SENT) {
                    System.out.println("       last error: " + n.lastError()
                            + (n.state() == NotificationState.PENDING ? " (next try " + JobsCommand.short_(n.nextAttemptAt()) + ")" : ""));
                }
                if (attempts) {
                    for (EventStore.Attempt a : outbox.attempts(n.id())) {
                        System.out.println("       " + JobsCommand.short_(a.at()) + " " + (a.ok() ? "ok  " : "FAIL") + " " + a.node()
                                + ": " + a.detail());
                    }
                }
            }
            if (!open.isEmpty()) {
                System.out.println();
                System.out.println("Open problems:");
                for (OpenAlert a : open) {
                    System.out.println("  " + a.key() + ": since " + JobsCommand.short_(a.openedAt()) + ", " + a.occurrences()
                            + " times, last " + JobsCommand.short_(a.lastAt()) + ": " + a.lastMessage());
                }
            }
            return allSent ? Main.OK : Main.FAILED;
        }
    }
}
