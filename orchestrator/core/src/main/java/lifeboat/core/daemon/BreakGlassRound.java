package lifeboat.core.daemon;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import lifeboat.core.Lifeboat;
import lifeboat.core.breakglass.BreakGlassSheet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's nightly break-glass round: puts a fresh sheet onto every storage target
 * ({@link BreakGlassSheet#KEY}), at start and then every night at {@link #AT} (the daemon's time zone), so the offsite
 * copy always carries one that is at most a day old. A target that cannot take it is logged and tried the next night.
 */
final class BreakGlassRound implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassRound.class);
    static final LocalTime AT = LocalTime.of(4, 45);
    private static final Duration FINISH = Duration.ofSeconds(30);

    private final Lifeboat lifeboat;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "break-glass");
        t.setDaemon(true);
        return t;
    });

    private BreakGlassRound(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    static BreakGlassRound start(Lifeboat lifeboat) {
        BreakGlassRound r = new BreakGlassRound(lifeboat);
        r.timer.execute(r::publish);
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault());
        ZonedDateTime next = now.with(AT);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        r.timer.scheduleAtFixedRate(r::publish, Duration.between(now, next).toMillis(), Duration.ofDays(1).toMillis(),
                TimeUnit.MILLISECONDS);
        return r;
    }

    private void publish() {
        try {
            List<BreakGlassSheet.Published> done = lifeboat.breakGlass().publish();
            for (BreakGlassSheet.Published p : done) {
                if (p.ok()) {
                    LOG.info("break-glass sheet put onto {} as {} ({} bytes)", p.storage(), p.key(), p.bytes());
                }
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("could not make the break-glass sheet: {}", e.toString());
        }
    }

    /** Lets a sheet being made finish (up to {@link #FINISH}), rather than interrupt its catalog and storage I/O. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(FINISH.toMillis(), TimeUnit.MILLISECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
