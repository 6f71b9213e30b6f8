package lifeboat.core.notify;

import lifeboat.core.model.EventType;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.catalog.Catalog;
import lifeboat.core.catalog.OpenAlert;
import lifeboat.core.catalog.Outbox;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.spi.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises events and turns them into messages. Each event and the messages the rules route it to are written in one
 * catalog transaction (the outbox), then handed to the {@link Dispatcher} for an attempt at once. The same problem
 * raised again (same key) is counted and stays quiet until {@code notifications.repeatAfter} has passed, when one
 * reminder with the count goes out; when it is over, one recovery notice goes to the same channels. Never throws:
 * a catalog or mail problem must not fail the backup that raised the event.
 */
public final class Alerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final Catalog catalog;
    private final NotificationsConfig config;
    private final Dispatcher dispatcher;
    private final Clock clock;

    public Alerts(Catalog catalog, NotificationsConfig config, Dispatcher dispatcher, Clock clock) {
        this.catalog = catalog;
        this.config = config;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Whole microseconds, as the catalog keeps them: a message is due at once, not a rounding later. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Records a problem and sends it, unless the same problem is already open and was reported recently. */
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
            return catalog.inTransaction(() -> raiseIn(a));
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            return catalog.inTransaction(() -> raiseIn(a));
        }
    }

    private List<Long> raiseIn(Alert a) throws SQLException {
        Outbox outbox = catalog.outbox();
        Instant now = now();
        Notice notice = new Notice("problem", a.type().label(), a.severity(), a.source(), a.reference(), now,
                a.type().subject(a.about()), a.message(), a.advice());
        boolean send = true;
        if (a.key() != null) {
            Optional<OpenAlert> open = outbox.openAlert(a.key());
            if (open.isEmpty()) {
                outbox.saveAlert(new OpenAlert(a.key(), a.type().label(), a.severity(), a.source(), now, now, now, 1, 0,
                        a.message()));
            } else {
                OpenAlert o = open.get();
                int occurrences = o.occurrences() + 1;
                send = !o.lastSentAt().plus(config.repeatAfter()).isAfter(now);
                if (send) {
                    notice = new Notice("reminder", notice.type(), notice.severity(), notice.source(), notice.reference(),
                            now, "Still going on: " + notice.subject() + " (" + occurrences + " times since "
                                    + Texts.time(o.openedAt(), config.zone()) + ")",
                            "This problem was first seen " + Texts.time(o.openedAt(), config.zone()) + " and has happened "
                                    + occurrences + " times since; " + (o.unsent() + 1) + " of them since the last message."
                                    + "\n\nLatest: " + a.message(), a.advice());
                }
                outbox.saveAlert(new OpenAlert(o.key(), o.type(), o.severity(), o.source(), o.openedAt(), now,
                        send ? now : o.lastSentAt(), occurrences, send ? 0 : o.unsent() + 1, a.message()));
            }
        }
        Notice n = notice;
        long event = outbox.insertEvent(send ? n : withKind(n, "repeat"), a.key(), null).orElseThrow();
        return send ? enqueue(event, n) : List.of();
    }

    /**
     * What a finished backup means for people: a failed or partial one is a problem of its source; a whole one ends
     * the source's backup problems and its staleness.
     */
    public void backupEnded(BackupResult r) {
        backupEnded(r, null);
    }

    /** @param context how it ran, e.g. the daemon's job and attempts; null when run by hand */
    public void backupEnded(BackupResult r, String context) {
        String what = "backup " + r.id() + " (" + r.level() + ") of " + r.source()
                + (context == null ? "" : " [" + context + "]");
        switch (r.status()) {
            case "failed" -> raise(Alert.of(EventType.BACKUP_FAILED, r.source(), r.id(), what + " failed: " + r.error(),
                    "read the error above and the log; fix the cause (is the server or share reachable, the password"
                            + " right, the storage target full?), then run lifeboat backup " + r.source()
                            + "; lifeboat jobs --since 48h shows earlier runs"));
            case "partial" -> {
                raise(Alert.of(EventType.BACKUP_PARTIAL, r.source(), r.id(), what + " is only partial: "
                        + r.problems().size() + " item(s) could not be read" + (r.problems().isEmpty() ? ""
                        : ", e.g. " + r.problems().get(0)), "see lifeboat show " + r.id()
                        + " for every item left out; fix their permissions or locks, then run lifeboat backup "
                        + r.source()));
                resolve(EventType.BACKUP_FAILED, r.source(), what + " ran (partial)");
            }
            default -> {
                resolve(EventType.BACKUP_FAILED, r.source(), what + " completed");
                resolve(EventType.BACKUP_PARTIAL, r.source(), what + " completed");
                resolve(EventType.STALE_SOURCE, r.source(), what + " completed");
            }
        }
    }

    /** Copies run by hand: a failed copy is a problem of its source; a source whose copies all went is fine again. */
    public void copiesEnded(List<lifeboat.core.backup.CopyResult> results) {
        java.util.Map<String, List<lifeboat.core.backup.CopyResult>> bySource = new java.util.LinkedHashMap<>();
        results.forEach(r -> bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r));
        bySource.forEach((source, list) -> {
            List<lifeboat.core.backup.CopyResult> failed = list.stream().filter(r -> !r.ok()).toList();
            if (failed.isEmpty()) {
                resolve(EventType.COPY_FAILED, source, list.size() + " backups of " + source + " copied");
                return;
            }
            var f = failed.get(0);
            raise(Alert.of(EventType.COPY_FAILED, source, f.backup(), "copy of backup " + f.backup() + " of " + source
                    + " from " + f.from() + " to " + f.to() + " failed: " + f.error() + (failed.size() > 1 ? " (and "
                    + (failed.size() - 1) + " more backups)" : ""), "check both storage targets (lifeboat verify --target "
                    + f.from() + " " + source + "), then run lifeboat copy --from " + f.from() + " --to " + f.to() + " "
                    + source + " again"));
        });
    }

    /** A backup that could not even start (bad source, unreachable catalog): a failure of its source all the same. */
    public void backupNotRun(String source, Exception e) {
        raise(Alert.of(EventType.BACKUP_FAILED, source, null, "backup of " + source + " could not run: "
                + (e.getMessage() == null ? e.toString() : e.getMessage()), "fix the cause named here, then run"
                + " lifeboat backup " + source));
    }

    /** Closes the problem under {@code key} if it is open, and sends one recovery notice where the problem went. */
    public void resolve(EventType type, String about, String key, String message) {
        try {
            dispatcher.deliverSoon(catalog.inTransaction(() -> {
                Outbox outbox = catalog.outbox();
                Optional<OpenAlert> open = outbox.openAlert(key);
                if (open.isEmpty()) {
                    return List.of();
                }
                OpenAlert o = open.get();
                outbox.closeAlert(key);
                Instant now = now();
                String subject = type.recoverySubject(about);
                LOG.info("{} ({} since {})", subject, o.occurrences() == 1 ? "once" : o.occurrences() + " times",
                        o.openedAt());
                Notice n = new Notice("recovery", type.label(), o.severity(), o.source(), null, now, subject,
                        subject + ": " + message + "\n\nThe problem was first seen " + Texts.time(o.openedAt(), config.zone())
                                + " and last seen " + Texts.time(o.lastAt(), config.zone()) + ", " + o.occurrences()
                                + (o.occurrences() == 1 ? " time" : " times") + " in all.\nLast problem: "
                                + o.lastMessage(), null);
                long event = outbox.insertEvent(n, key, null).orElseThrow();
                return enqueue(event, n);
            }));
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot record the end of {} in the catalog: {}", key, e.toString());
        }
    }

    /** {@link #resolve(EventType, String, String, String)} for a problem keyed by its type and the source's name. */
    public void resolve(EventType type, String source, String message) {
        resolve(type, source, Alert.keyOf(type, source), message);
    }

    /**
     * Sends a one-off notice (daemon started, the daily digest). With a {@code onceKey}, only the first process to
     * raise it sends it: several daemons of a cluster send one digest. Returns false when it was already raised.
     */
    public boolean notice(Notice n, String onceKey) {
        try {
            List<Long> ids = catalog.inTransaction(() -> {
                Optional<Long> event = catalog.outbox().insertEvent(n, null, onceKey);
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
        Notice n = new Notice("test", "test", "info", null, null, now, "Test message from Lifeboat",
                "This is a test message from Lifeboat on " + node + " to the channel '" + channel + "'. If you can read"
                        + " it, alerts about failed backups, stale sources and storage problems reach you here.",
                "nothing; this message needs no action");
        long id = catalog.inTransaction(() -> {
            long event = catalog.outbox().insertEvent(n, null, null).orElseThrow();
            return catalog.outbox().enqueue(event, channel, n, now);
        });
        return dispatcher.deliver(id).orElseThrow(() -> new IllegalStateException("test message " + id
                + " was claimed by another process"));
    }

    private List<Long> enqueue(long event, Notice n) throws SQLException {
        List<Long> ids = new ArrayList<>();
        Instant expires = n.at().plus(config.expireAfter());
        for (String channel : config.channelsFor(n.type(), n.severity(), n.source())) {
            ids.add(catalog.outbox().enqueue(event, channel, n, expires));
        }
        return ids;
    }

    private static Notice withKind(Notice n, String kind) {
        return new Notice(kind, n.type(), n.severity(), n.source(), n.reference(), n.at(), n.subject(), n.text(),
                n.advice());
    }

    private static void log(Alert a) {
        String line = a.type().subject(a.about()) + ": " + a.message();
        if ("error".equals(a.severity())) {
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
