package lifeboat.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "The daemon's job runs, oldest first: scheduled and actual start, end, outcome,"
        + " node.")
final class JobsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--since", paramLabel = "TIME", description = "Only runs started since TIME: an ISO instant"
            + " (2026-11-28T01:00:00Z), a date (2026-11-28, local), or a duration ago (24h, 7d).")
    String since;

    @Override
    public Integer call() throws Exception {
        Instant from = since == null ? null : parse(since);
        try (Lifeboat lb = global.open()) {
            List<JobRunRecord> runs = lb.inventory().runs(from);
            if (global.json) {
                Output.json(runs);
                return Main.OK;
            }
            System.out.printf("%-22s %-8s %-14s %-20s %-20s %-11s %2s %10s  %s%n", "JOB", "ACTION", "SOURCE",
                    "SCHEDULED", "STARTED", "STATUS", "#", "BYTES", "NODE");
            for (JobRunRecord r : runs) {
                System.out.printf("%-22s %-8s %-14s %-20s %-20s %-11s %2d %10s  %s%n", r.job(), r.action(),
                        r.source() == null ? "-" : r.source(), short_(r.scheduledAt()), short_(r.startedAt()), r.status(),
                        r.attempt(), Output.bytes(r.bytes()), r.node());
                if (r.lateReason() != null) {
                    System.out.println("    late: " + r.lateReason());
                }
                if (r.note() != null) {
                    System.out.println("    note: " + r.note());
                }
                if (r.error() != null) {
                    System.out.println("    error: " + r.error());
                }
            }
            return Main.OK;
        }
    }

    /** An instant without its fraction of a second, for tables. */
    static String short_(Instant i) {
        return i == null ? "-" : i.toString().replaceAll("\\.\\d+Z$", "Z");
    }

    static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // not an instant: a date or a duration
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // a duration then
        }
        try {
            return Instant.now().minus(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--since: '" + text + "' is not an instant (2026-11-28T01:00:00Z),"
                    + " a date (2026-11-28) or a duration (24h, 7d)");
        }
    }
}
