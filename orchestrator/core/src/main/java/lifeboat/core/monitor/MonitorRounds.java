package lifeboat.core.monitor;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's monitoring duty: every {@code tick} it runs whatever is due in the running windows (a probe round,
 * the opening or closing functional tests). The windows are in the catalog, so a daemon started in the middle of
 * one goes on with it at its next due round.
 */
public final class MonitorRounds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRounds.class);
    /** The longest pause between two looks at the windows, whatever {@code probeEvery} says. */
    static final Duration MAX_TICK = Duration.ofSeconds(15);

    private final Monitoring monitoring;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lifeboat-monitor");
        t.setDaemon(true);
        return t;
    });

    private MonitorRounds(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    /** Starts looking at once, then every {@code probeEvery} (at most {@link #MAX_TICK}) . */
    public static MonitorRounds start(Monitoring monitoring, Duration probeEvery) {
        MonitorRounds rounds = new MonitorRounds(monitoring);
        long tick = Math.max(50, Math.min(probeEvery.toMillis(), MAX_TICK.toMillis()));
        rounds.thread.scheduleWithFixedDelay(rounds::tick, 0, tick, TimeUnit.MILLISECONDS);
        return rounds;
    }

    private void tick() {
        try {
            for (MonitorRound r : monitoring.runDue()) {
                long passed = r.results().stream().filter(x -> x.outcome().passed()).count();
                String line = "monitoring window " + r.windowId() + ": " + passed + " of " + r.results().size()
                        + " checks pass" + (r.ended() ? "; the window ended" : "");
                if (r.ended() || !r.allPassed()) {
                    LOG.info(line);
                } else {
                    LOG.debug(line);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("monitoring round failed (tried again next round): {}", e.toString());
        }
    }

    /** Stops after the round under way; no interrupt (an interrupted thread inside H2 closes the catalog). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
