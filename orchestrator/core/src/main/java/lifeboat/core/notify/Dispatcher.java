package lifeboat.core.notify;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.spi.Channel;
import lifeboat.spi.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages from the outbox. A message is claimed in the catalog before it is sent, so two processes (a CLI
 * run and the daemon, or two daemons of a cluster) never send it both; a claim runs out after {@link #CLAIM}, so a
 * message whose process died mid-send is tried again. Every attempt is recorded; a failed one is tried again after
 * a doubling backoff until it expires. Fresh messages are sent on a background thread, so a slow or dead mail
 * server never holds up the backup that raised them.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final Duration CLAIM = Duration.ofMinutes(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    /** How long a process that is ending waits for the messages it raised to go out; the daemon retries the rest. */
    static final Duration FLUSH = Duration.ofSeconds(10);
    private static final int BATCH = 100;

    /** Opens a configured channel by name; throws IllegalArgumentException for a name no longer configured. */
    public interface Channels {
        Channel open(String name) throws IOException;
    }

    /** How one attempt went. */
    public record Attempt(long id, String channel, boolean ok, String detail) {
    }

    private final EventStore store;
    private final Channels channels;
    private final String node;
    private final Clock clock;
    private final ExecutorService background;
    private final AuditTrail audit;

    public Dispatcher(EventStore store, Channels channels, String node, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.store = store;
        this.channels = channels;
        this.node = node;
        this.clock = clock;
        this.background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "lifeboat-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Tries these messages on the background thread, in order. */
    void deliverSoon(List<Long> ids) {
        if (!ids.isEmpty()) {
            inBackground(() -> ids.forEach(this::deliver));
        }
    }

    /**
     * Tries what is due on the background thread: a command run from cron sends what an earlier run could not, even
     * where no daemon runs.
     */
    public void deliverDueSoon() {
        inBackground(this::deliverDue);
    }

    /** What is not taken once closing has begun stays in the outbox for the next try. */
    private void inBackground(Runnable work) {
        try {
            background.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.info("not sending notifications now (closing); they stay in the outbox for the next try");
        }
    }

    /** Tries every message that is due now, on this thread, in batches. Returns how the attempts went. */
    public List<Attempt> deliverDue() {
        List<Attempt> out = new ArrayList<>();
        try {
            while (true) {
                List<Long> due = store.due(clock.instant(), BATCH);
                List<Attempt> batch = due.stream().map(this::deliver).flatMap(Optional::stream).toList();
                out.addAll(batch);
                // a short batch was the last; one where no message could be claimed is left to its claimers
                if (due.size() < BATCH || batch.isEmpty()) {
                    return out;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot read the notification outbox: {}", e.toString());
            return out;
        }
    }

    /** Claims, sends and records one message; empty when another process has it or it is not due. */
    public Optional<Attempt> deliver(long id) {
        NotificationRecord n;
        Instant now = clock.instant();
        try {
            n = store.claim(id, node, now, now.plus(CLAIM)).orElse(null);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot claim notification {}: {}", id, e.toString());
            return Optional.empty();
        }
        if (n == null) {
            return Optional.empty();
        }
        String error;
        try {
            Delivery d = channels.open(n.channel()).send(n.notice());
            Instant at = clock.instant();
            store.sent(id, node, at, d.answer());
            audit.record(AuditType.NOTIFICATION_SENT, n.source(), "notification", id, "channel", n.channel(),
                    "subject", n.subject(), "severity", n.severity().label());
            LOG.info("notification {} ({}) sent to {}: {}", id, n.subject(), n.channel(), d.answer());
            return Optional.of(new Attempt(id, n.channel(), true, d.answer()));
        } catch (IOException | IllegalArgumentException e) {
            error = e.getMessage();
        } catch (SQLException e) {
            LOG.error("notification {} was sent to {} but cannot be marked sent: {}", id, n.channel(), e.toString());
            return Optional.of(new Attempt(id, n.channel(), true, "sent; not recorded: " + e));
        } catch (RuntimeException e) {
            error = "channel " + n.channel() + " failed: " + e;
        }
        return Optional.of(failed(n, error));
    }

    private Attempt failed(NotificationRecord n, String error) {
        Instant at = clock.instant();
        Instant next = at.plus(backoff(n.attempts() + 1));
        boolean expires = !next.isBefore(n.expiresAt());
        try {
            store.failed(n.id(), node, at, error, expires ? null : next);
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot record the failed attempt of notification {}: {}", n.id(), e.toString());
        }
        if (expires) {
            LOG.error("notification {} ({}) to {} expired undelivered after {} attempts: {}", n.id(), n.subject(),
                    n.channel(), n.attempts() + 1, error);
        } else {
            LOG.warn("notification {} ({}) to {} not delivered (attempt {}), next try at {}: {}", n.id(), n.subject(),
                    n.channel(), n.attempts() + 1, next, error);
        }
        return new Attempt(n.id(), n.channel(), false, error);
    }

    /** The wait after the {@code attempts}-th failed attempt: 30 s, doubling, at most an hour. */
    static Duration backoff(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /** Waits up to {@link #FLUSH} for messages under way, then stops; what is left stays in the outbox. */
    @Override
    public void close() {
        background.shutdown();
        try {
            if (!background.awaitTermination(FLUSH.toMillis(), TimeUnit.MILLISECONDS)) {
                // not interrupted: an interrupt inside H2 would close the catalog's file under every thread
                LOG.warn("notifications still being sent after {}s; the daemon retries what did not go out",
                        FLUSH.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
