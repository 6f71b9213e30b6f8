package lifeboat.core.notify;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.OpenAlert;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.EventType;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises events and turns them into messages. Each event and the messages the rules route it to are written in one
 * catalog transaction (the outbox), then handed to the {@link Dispatcher} for an attempt at once. The same problem
 * raised again (same key) is counted and stays quiet until {@code notifications.repeatAfter} has passed, when one
 * reminder with the count goes out; when it is over, one recovery notice goes to the same channels. Never throws:
 * a catalog or mail problem must not fail the backup that raised the event.
 */
public final class Alerts implements Events, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final EventStore store;
    private final NotificationsConfig config;
    private final Dispatcher dispatcher;
    private final Clock clock;

    public Alerts(EventStore store, NotificationsConfig config, Dispatcher dispatcher, Clock clock) {
        this.store = store;
        this.config = config;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Whole microseconds, as the catalog keeps them: a message is due at once, not a rounding later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Tries every undelivered message now, whatever its backoff says (after fixing the mail server). */
    public List<Dispatcher.Attempt> sendUndelivered() throws SQLException {
        store.wakePending(now());
        return dispatcher.deliverDue();
    }

    /** Records a problem and sends it, unless the same problem is already open and was reported recently. */
    @Override
    public void raise(Alert a) {
        log(a);
        try {
            dispatcher.deliverSoon(raiseOnce(a));
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot record the {} event for {} in the catalog: {}", a.type(), a.about(), e.toString());
        }
    }

    /**
     * Two daemons of a cluster can open the same problem at the same moment: the second one's insert then hits the
     * key of the first, and on a second try it finds the problem open and counts it.
     */
    private List<Long> raiseOnce(Alert a) throws SQLException {
        try {
            return store.inTransaction(() -> raiseIn(a));
        } catch (SQLException e) {
            if (!EventStore.isUniqueViolation(e)) {
                throw e;
            }
            return store.inTransaction(() -> raiseIn(a));
        }
    }

    private List<Long> raiseIn(Alert a) throws SQLException {
        Instant now = now();
        Notice notice = new Notice(Notice.Kind.PROBLEM, a.type().label(), a.severity(), a.source(), a.reference(), now,
                a.type().subject(a.about()), a.message(), a.advice());
        boolean send = true;
        if (a.key() != null) {
            Optional<OpenAlert> open = store.openAlert(a.key());
            if (open.isEmpty()) {
                store.saveAlert(new OpenAlert(a.key(), a.type().label(), a.severity(), a.source(), now, now, now, 1, 0,
                        a.message()));
            } else {
                OpenAlert o = open.get();
                int occurrences = o.occurrences() + 1;
                send = !o.lastSentAt().plus(config.repeatAfter()).isAfter(now);
                if (send) {
                    notice = new Notice(Notice.Kind.REMINDER, notice.type(), notice.severity(), notice.source(), notice.reference(),
                            now, "Still going on: " + notice.subject() + " (" + occurrences + " times since "
                                    + Texts.time(o.openedAt(), config.zone()) + ")",
                            "This problem was first seen " + Texts.time(o.openedAt(), config.zone()) + " and has happened "
                                    + occurrences + " times since; " + (o.unsent() + 1) + " of them since the last message."
                                    + "\n\nLatest: " + a.message(), a.advice());
                }
                store.saveAlert(new OpenAlert(o.key(), o.type(), o.severity(), o.source(), o.openedAt(), now,
                        send ? now : o.lastSentAt(), occurrences, send ? 0 : o.unsent() + 1, a.message()));
            }
        }
        Notice n = notice;
        long event = store.insert(send ? n : withKind(n, Notice.Kind.REPEAT), a.key(), null).orElseThrow();
        return send ? enqueue(event, n) : List.of();
    }

    /** Closes the problem under {@code key} if it is open, and sends one recovery notice where the problem went. */
    @Override
    public void resolve(EventType type, String about, String key, String message) {
        try {
            dispatcher.deliverSoon(store.inTransaction(() -> {
                        Optional<OpenAlert> open = store.openAlert(key);
                if (open.isEmpty()) {
                    return List.of();
                }
                OpenAlert o = open.get();
                store.closeAlert(key);
                Instant now = now();
                String subject = type.recoverySubject(about);
                LOG.info("{} ({} since {})", subject, o.occurrences() == 1 ? "once" : o.occurrences() + " times",
                        o.openedAt());
                Notice n = new Notice(Notice.Kind.RECOVERY, type.label(), o.severity(), o.source(), null, now, subject,
                        subject + ": " + message + "\n\nThe problem was first seen " + Texts.time(o.openedAt(), config.zone())
                                + " and last seen " + Texts.time(o.lastAt(), config.zone()) + ", " + o.occurrences()
                                + (o.occurrences() == 1 ? " time" : " times") + " in all.\nLast problem: "
                                + o.lastMessage(), null);
                long event = store.insert(n, key, null).orElseThrow();
                return enqueue(event, n);
            }));
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot record the end of {} in the catalog: {}", key, e.toString());
        }
    }

    @Override
    public void record(EventType type, String source, String job, String message) {
        try {
            store.insert(new Notice(Notice.Kind.INFO, type.label(), type.severity(), source, job, now(),
                    type.subject(job == null ? source : job), message, null), null, null);
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot record the {} event in the catalog: {}", type, e.toString());
        }
    }

    /**
     * Sends a one-off notice (daemon started, the daily digest). With a {@code onceKey}, only the first process to
     * raise it sends it: several daemons of a cluster send one digest. Returns false when it was already raised.
     */
    public boolean notice(Notice n, String onceKey) {
        try {
            List<Long> ids = store.inTransaction(() -> {
                Optional<Long> event = store.insert(n, null, onceKey);
                return event.isPresent() ? enqueue(event.get(), n) : null;
            });
            if (ids == null) {
                return false;
            }
            dispatcher.deliverSoon(ids);
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot record the {} notice in the catalog: {}", n.type(), e.toString());
            return false;
        }
    }

    /**
     * Sends a test message to one channel now, through the outbox so it is on record, and returns how it went. A
     * test that fails is not retried later: nobody wants a surprise test mail hours after the fix.
     */
    public Dispatcher.Attempt test(String channel, String node) throws SQLException {
        Instant now = now();
        Notice n = new Notice(Notice.Kind.TEST, "test", Severity.INFO, null, null, now, "Test message from Lifeboat",
                "This is a test message from Lifeboat on " + node + " to the channel '" + channel + "'. If you can read"
                        + " it, alerts about failed backups, stale sources and storage problems reach you here.",
                "nothing; this message needs no action");
        long id = store.inTransaction(() -> {
            long event = store.insert(n, null, null).orElseThrow();
            return store.enqueue(event, channel, n, now);
        });
        return dispatcher.deliver(id).orElseThrow(() -> new IllegalStateException("test message " + id
                + " was claimed by another process"));
    }

    /**
     * Sends a notice to these channels, whatever the rules say (an incident's audience names its channels): the
     * event and one outbox message per channel are written in one transaction, then tried at once. Returns the
     * message id of each channel, in order. Throws when the catalog cannot record them, so the caller knows nobody
     * was told.
     */
    public List<Long> sendTo(Notice n, List<String> channels) throws SQLException {
        return sendTo(n, channels, null);
    }

    /**
     * As {@link #sendTo(Notice, List)}; with a {@code onceKey}, only the first process to send it does (a reminder
     * sent once however many daemons share the catalog). Returns no ids when it was already sent.
     */
    public List<Long> sendTo(Notice n, List<String> channels, String onceKey) throws SQLException {
        List<Long> ids = store.inTransaction(() -> {
            Optional<Long> inserted = store.insert(n, null, onceKey);
            if (inserted.isEmpty()) {
                return List.<Long>of();
            }
            long event = inserted.get();
            Instant expires = n.at().plus(config.expireAfter());
            List<Long> out = new ArrayList<>();
            for (String channel : channels) {
                out.add(store.enqueue(event, channel, n, expires));
            }
            return out;
        });
        dispatcher.deliverSoon(ids);
        return ids;
    }

    /** The channels the rules send this notice to; none when no rule routes it. */
    public List<String> channelsFor(Notice n) {
        return config.channelsFor(n.type(), n.severity(), n.source());
    }

    private List<Long> enqueue(long event, Notice n) throws SQLException {
        List<Long> ids = new ArrayList<>();
        Instant expires = n.at().plus(config.expireAfter());
        for (String channel : config.channelsFor(n.type(), n.severity(), n.source())) {
            ids.add(store.enqueue(event, channel, n, expires));
        }
        return ids;
    }

    private static Notice withKind(Notice n, Notice.Kind kind) {
        return new Notice(kind, n.type(), n.severity(), n.source(), n.reference(), n.at(), n.subject(), n.text(),
                n.advice());
    }

    private static void log(Alert a) {
        String line = a.type().subject(a.about()) + ": " + a.message();
        if (a.severity() == Severity.ERROR) {
            LOG.error(line);
        } else {
            LOG.warn(line);
        }
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
