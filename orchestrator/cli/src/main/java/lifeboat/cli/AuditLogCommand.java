package lifeboat.cli;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.auditing.LogEntry;
import lifeboat.core.repo.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "log", mixinStandardHelpOptions = true, description = "The audit log's entries, oldest first:"
        + " sequence, time, actor, what happened.")
final class AuditLogCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--since", paramLabel = "TIME", description = "Only entries since TIME: an ISO instant"
            + " (2026-11-28T01:00:00Z), a date (2026-11-28, local), or a duration ago (24h, 7d).")
    String since;

    @Option(names = "--source", paramLabel = "NAME", description = "Only entries about this source.")
    String source;

    @Option(names = "--limit", defaultValue = "10000", paramLabel = "N", description = "At most N entries;"
            + " default: ${DEFAULT-VALUE}")
    int limit;

    @Override
    public Integer call() throws Exception {
        Instant from = since == null ? null : JobsCommand.parse(since);
        if (limit < 1) {
            throw new IllegalArgumentException("--limit: must be at least 1, not " + limit);
        }
        try (Lifeboat lb = global.open()) {
            List<LogEntry> entries = lb.auditing().log(from, source, limit);
            if (global.json) {
                Output.json(entries);
                return Main.OK;
            }
            for (LogEntry e : entries) {
                System.out.printf("%6d %-20s %-18s %-14s %s%n", e.seq(), JobsCommand.short_(e.at()), e.type(),
                        e.source() == null ? "-" : e.source(), e.actor());
                System.out.println("       " + Json.MAPPER.writeValueAsString(e.event()));
            }
            return Main.OK;
        }
    }
}
