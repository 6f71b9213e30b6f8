package lifeboat.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.MonitorWindowRecord;
import lifeboat.core.config.Durations;
import lifeboat.core.model.WindowStatus;
import lifeboat.core.monitor.MonitorRound;
import lifeboat.core.monitor.Monitoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "monitor", mixinStandardHelpOptions = true, description = {"Start the monitoring window (policy 5):"
        + " the incident's systems' probes every policy.probeEvery for --for, and the sources' restore tests"
        + " against the live systems now and at the end. The first round runs now; the daemon runs the rest. A"
        + " probe that fails is told to IT at once and goes on the timeline; resolve is refused while the window runs"
        + " or a probe fails. A new window replaces a running one.",
        "Exit 0 started (whatever the first round found), 2 bad input."})
final class IncidentMonitorCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Option(names = "--for", paramLabel = "DURATION", description = "How long to watch, e.g. 24h or 48h; default:"
            + " policy.monitorFor.")
    String length;

    /** What {@code --json} shows. */
    record View(long window, long incident, List<String> systems, WindowStatus status, Instant startedAt,
            Instant endsAt, long probeEveryMs, List<ProbeResultView> firstRound) {
    }

    @Override
    public Integer call() throws Exception {
        Duration span = length == null ? null : Durations.parse(length);
        try (Lifeboat lb = global.open()) {
            Monitoring monitoring = lb.monitoring();
            MonitorRound first = monitoring.start(id, span);
            MonitorWindowRecord w = monitoring.latestWindow(id).orElseThrow();
            List<ProbeResultView> results = first.results().stream().map(ProbeResultView::of).toList();
            if (global.json) {
                Output.json(new View(w.id(), id, w.systems(), w.status(), w.startedAt(), w.endsAt(),
                        w.probeEvery().toMillis(), results));
                return Main.OK;
            }
            System.out.println("monitoring window " + w.id() + " of incident " + id + ": " + String.join(", ",
                    w.systems()) + " until " + w.endsAt() + ", probes every " + Durations.text(w.probeEvery())
                    + " (run by the daemon: lifeboat daemon)");
            long passed = results.stream().filter(r -> r.status().passed()).count();
            System.out.println("first round: " + passed + " of " + results.size() + " pass");
            results.forEach(r -> System.out.println(r.line()));
            return Main.OK;
        }
    }
}
