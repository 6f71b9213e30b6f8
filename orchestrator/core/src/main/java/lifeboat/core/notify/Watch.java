package lifeboat.core.notify;

import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.model.EventType;
import lifeboat.spi.Notice;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's notification duties: retry undelivered messages (at once on start, then every
 * {@link #DELIVER_EVERY}), check staleness and free space every {@code notifications.checkEvery}, and send the
 * daily digest at {@code notifications.digest.cron} (once per fire time, however many daemons share the catalog;
 * the latest fire time of the last day is caught up at start when no daemon sent it). Deliveries and checks run on separate threads, so an
 * unreachable storage target cannot hold up the mail about it.
 */
public final class Watch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);
    static final Duration DELIVER_EVERY = Duration.ofSeconds(15);

    private final Alerts alerts;
    private final EventStore events;
    private final Digest digest;
    private final HealthCheck health;
    private final NotificationsConfig config;
    private final String node;
    private final Clock clock;
    private final ScheduledExecutorService delivery;
    private final ScheduledExecutorService checks;
    private final ExecutorService audit;
    private final CronExpression digestCron;
    private final Runnable dailyAudit;
    private Instant lastDigest;
    private Instant nextDigest;

    private Watch(Alerts alerts, EventStore events, Digest digest, HealthCheck health, NotificationsConfig config,
            String node, Clock clock, Runnable dailyAudit) throws ParseException {
        this.dailyAudit = dailyAudit;
        this.alerts = alerts;
        this.events = events;
        this.digest = digest;
        this.health = health;
        this.config = config;
        this.node = node;
        this.clock = clock;
        this.digestCron = new CronExpression(config.digestCron());
        digestCron.setTimeZone(TimeZone.getTimeZone(config.zone()));
        this.delivery = Executors.newSingleThreadScheduledExecutor(daemonThread("lifeboat-notify-retry"));
        this.checks = Executors.newSingleThreadScheduledExecutor(daemonThread("lifeboat-health-check"));
        this.audit = Executors.newSingleThreadExecutor(daemonThread("lifeboat-audit"));
    }

    /**
     * Starts the rounds for the daemon on {@code node}; {@code dailyAudit} (checkpoint and re-check the audit chain)
     * starts with each daily digest, on a thread of its own.
     */
    public static Watch start(Alerts alerts, EventStore events, Digest digest, HealthCheck health,
            NotificationsConfig config, String node, Clock clock, Runnable dailyAudit) throws ParseException {
        Watch w = new Watch(alerts, events, digest, health, config, node, clock, dailyAudit);
        w.begin();
        return w;
    }

    private void begin() {
        Instant now = clock.instant();
        try {
            int woken = events.wakePending(now);
            if (woken > 0) {
                LOG.info("{} undelivered notifications are tried again now", woken);
            }
        } catch (SQLException e) {
            LOG.warn("cannot read the notification outbox: {}", e.toString());
        }
        // a report whose time passed while no daemon ran (an upgrade at 07:00) is sent now; its once-key keeps it
        // from going out twice
        Instant missed = previous(now);
        nextDigest = missed != null ? missed : next(now);
        alerts.notice(daemonNotice(EventType.DAEMON_STARTED, "the Lifeboat daemon " + node
                + " started; next daily report at " + Texts.time(nextDigest, config.zone())),
                null);
        delivery.scheduleWithFixedDelay(this::tick, 0, DELIVER_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        long every = config.checkEvery().toMillis();
        checks.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            alerts.dispatcher().deliverDue();
            Instant now = clock.instant();
            if (nextDigest != null && !now.isBefore(nextDigest)) {
                Instant to = nextDigest;
                Instant from = lastDigest != null ? lastDigest : to.minus(Duration.ofDays(1));
                // on a thread of its own: a storage target that hangs must hold up neither the digest nor the checks
                audit.execute(dailyAudit);
                Notice n = digest.build(from, to);
                if (alerts.notice(n, "daily-digest:" + to)) {
                    LOG.info(digestLine(n.subject(), alerts.channelsFor(n)));
                    digest.sent(to);
                }
                lastDigest = to;
                nextDigest = next(now);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("notification round failed (tried again in {}s): {}", DELIVER_EVERY.toSeconds(), e.toString());
        }
    }

    /** What became of a daily report: recorded always, sent only where a rule routes it. */
    static String digestLine(String subject, List<String> channels) {
        return channels.isEmpty()
                ? "daily report not sent: no notification rule routes daily-digest to a channel (" + subject + ")"
                : "daily report queued for " + String.join(", ", channels) + ": " + subject;
    }

    private void check() {
        try {
            health.run();
        } catch (RuntimeException e) {
            LOG.warn("health check failed: {}", e.toString());
        }
    }

    /** The latest fire time in the day before {@code now}, or null. */
    private Instant previous(Instant now) {
        Instant prev = null;
        Instant t = next(now.minus(Duration.ofDays(1)));
        for (int i = 0; t != null && !t.isAfter(now) && i < 100_000; i++) {
            prev = t;
            t = next(t);
        }
        return prev;
    }

    private Instant next(Instant after) {
        Date d = digestCron.getNextValidTimeAfter(Date.from(after));
        return d == null ? null : d.toInstant();
    }

    private Notice daemonNotice(EventType type, String text) {
        return new Notice(Notice.Kind.INFO, type.label(), type.severity(), null, node, clock.instant(), type.subject(node), text, null);
    }

    /** Stops the rounds and says so; messages still under way are flushed when the catalog closes. */
    @Override
    public void close() {
        // no interrupts: an interrupted thread inside H2 closes the catalog's file for every thread
        delivery.shutdown();
        checks.shutdown();
        audit.shutdown();
        try {
            delivery.awaitTermination(10, TimeUnit.SECONDS);
            checks.awaitTermination(10, TimeUnit.SECONDS);
            audit.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        alerts.notice(daemonNotice(EventType.DAEMON_STOPPED, "the Lifeboat daemon " + node + " stopped"),
                null);
    }

    private static ThreadFactory daemonThread(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
