package lifeboat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.config.NotificationsConfig.RuleConfig;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.model.EventType;
import lifeboat.core.model.NotificationState;
import lifeboat.spi.Channel;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's delivery rules with a channel whose server can be made to fail at will (a fault the real servers of
 * the channel plugins' own tests cannot produce on demand): claims, backoff, expiry, routing.
 */
class DispatcherTest {
    protected Database database;
    protected EventStore catalog;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T01:00:00Z"));
    private final List<String> delivered = new ArrayList<>();
    private boolean serverUp;

    private final Channel chat = new Channel() {
        @Override
        public String name() {
            return "it-chat";
        }

        @Override
        public String location() {
            return "http://127.0.0.1:1";
        }

        @Override
        public Delivery send(Notice n) throws IOException {
            if (!serverUp) {
                throw new IOException("webhook channel it-chat (http://127.0.0.1:1): cannot connect: Connection refused");
            }
            delivered.add(n.subject());
            return new Delivery("HTTP 200: ok");
        }
    };

    @BeforeEach
    void open() throws Exception {
        database = Database.open(newCatalogUrl());
        catalog = new EventStore(database);
    }

    /** A fresh, empty catalog database. */
    protected String newCatalogUrl() throws Exception {
        return "jdbc:h2:mem:dispatcher-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void close() throws Exception {
        database.close();
        dropCatalog();
    }

    protected void dropCatalog() throws Exception {
    }

    private NotificationsConfig config(List<RuleConfig> rules) {
        return new NotificationsConfig(List.of(), rules, Duration.ofHours(24), Duration.ofHours(2),
                Duration.ofMinutes(15), "0 0 7 * * ?", ZoneOffset.UTC, 1);
    }

    private Dispatcher dispatcher(String node) {
        return new Dispatcher(catalog, name -> {
            if (!name.equals("it-chat")) {
                throw new IllegalArgumentException("no notification channel named '" + name + "'");
            }
            return chat;
        }, node, clock, AuditTrail.NONE);
    }

    private long queue(String subject) throws Exception {
        Notice n = new Notice(Notice.Kind.PROBLEM, "backup-failed", Severity.ERROR, "share", null, clock.instant(), subject, "text", null);
        return catalog.inTransaction(() -> catalog.enqueue(
                catalog.insert(n, null, null).orElseThrow(), "it-chat", n, clock.instant().plus(
                        Duration.ofHours(2))));
    }

    @Test
    void aClaimedMessage_isNotSentByAnotherProcess_untilTheClaimRunsOut() throws Exception {
        long id = queue("one");
        assertThat(catalog.claim(id, "host-a:1", clock.instant(), clock.instant().plus(Dispatcher.CLAIM)))
                .isPresent();
        serverUp = true;
        Dispatcher b = dispatcher("host-b:2");
        assertThat(b.deliverDue()).isEmpty();
        assertThat(b.deliver(id)).isEmpty();
        clock.advance(Dispatcher.CLAIM.plusSeconds(1)); // host-a died mid-send
        assertThat(b.deliverDue()).singleElement().satisfies(a -> assertThat(a.ok()).isTrue());
        assertThat(delivered).containsExactly("one");
        assertThat(b.deliverDue()).isEmpty();
    }

    @Test
    void failedAttempts_backOff_thenTheMessageGoesOnce_withEveryAttemptOnRecord() throws Exception {
        long id = queue("disk full");
        Dispatcher d = dispatcher("host-a:1");
        assertThat(d.deliverDue()).singleElement().satisfies(a -> assertThat(a.detail()).contains("cannot connect"));
        clock.advance(Duration.ofSeconds(29));
        assertThat(d.deliverDue()).isEmpty(); // 30 s backoff
        clock.advance(Duration.ofSeconds(2));
        assertThat(d.deliverDue()).hasSize(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(d.deliverDue()).isEmpty(); // doubled: 60 s
        serverUp = true;
        clock.advance(Duration.ofSeconds(2));
        assertThat(d.deliverDue()).singleElement().satisfies(a -> assertThat(a.ok()).isTrue());
        clock.advance(Duration.ofHours(1));
        assertThat(d.deliverDue()).isEmpty();
        assertThat(delivered).containsExactly("disk full");
        NotificationRecord n = catalog.notification(id).orElseThrow();
        assertThat(n.state()).isEqualTo(NotificationState.SENT);
        assertThat(n.attempts()).isEqualTo(3);
        assertThat(n.answer()).isEqualTo("HTTP 200: ok");
        assertThat(catalog.attempts(id)).extracting(EventStore.Attempt::ok).containsExactly(false, false, true);
    }

    @Test
    void aMessageThatCannotGoBeforeItExpires_isExpired_andNotTriedAgain() throws Exception {
        long id = queue("lost");
        Dispatcher d = dispatcher("host-a:1");
        for (int i = 0; i < 20; i++) {
            d.deliverDue();
            clock.advance(Duration.ofMinutes(10));
        }
        NotificationRecord n = catalog.notification(id).orElseThrow();
        assertThat(n.state()).isEqualTo(NotificationState.EXPIRED);
        // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: 8 attempts fit into the two hours before expiry
        assertThat(n.attempts()).isBetween(6, 9);
        serverUp = true;
        clock.advance(Duration.ofHours(1));
        assertThat(d.deliverDue()).isEmpty();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aMessageForAChannelNoLongerConfigured_failsWithItsName() throws Exception {
        Notice n = new Notice(Notice.Kind.PROBLEM, "backup-failed", Severity.ERROR, "share", null, clock.instant(), "s", "t", null);
        long id = catalog.inTransaction(() -> catalog.enqueue(
                catalog.insert(n, null, null).orElseThrow(), "old-pager", n, clock.instant().plusSeconds(
                        3600)));
        assertThat(dispatcher("host-a:1").deliver(id)).get().satisfies(a -> {
            assertThat(a.ok()).isFalse();
            assertThat(a.detail()).contains("old-pager");
        });
    }

    @Test
    void backoff_doublesFrom30sUpToAnHour() {
        assertThat(Dispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Dispatcher.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Dispatcher.backoff(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(Dispatcher.backoff(9)).isEqualTo(Duration.ofHours(1));
        assertThat(Dispatcher.backoff(500)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rules_routeByTypeSeverityAndSource_eachChannelOnce() {
        NotificationsConfig c = config(List.of(
                new RuleConfig(List.of("backup-failed", "stale-source"), List.of(), List.of(), List.of("it-email")),
                new RuleConfig(List.of("*"), List.of(Severity.ERROR), List.of(), List.of("it-chat", "it-email")),
                new RuleConfig(List.of("backup-partial"), List.of(), List.of("sis-db"), List.of("head-email"))));
        assertThat(c.channelsFor("backup-failed", Severity.ERROR, "share")).containsExactly("it-email", "it-chat");
        assertThat(c.channelsFor("backup-partial", Severity.WARNING, "share")).isEmpty();
        assertThat(c.channelsFor("backup-partial", Severity.WARNING, "sis-db")).containsExactly("head-email");
        assertThat(c.channelsFor("daemon-started", Severity.INFO, null)).isEmpty();
        assertThat(c.channelsFor("storage-unreachable", Severity.ERROR, "offsite")).containsExactly("it-chat", "it-email");
    }

    @Test
    void anEventAndItsMessages_areOneTransaction_andAFailureNeverReachesTheCaller() throws Exception {
        // the second channel's row cannot be written (its name is longer than the column): the event and the first
        // channel's message must not stay behind either
        String tooLong = "x".repeat(80);
        NotificationsConfig c = config(List.of(new RuleConfig(List.of("*"), List.of(), List.of(),
                List.of("it-chat", tooLong))));
        try (Alerts alerts = new Alerts(catalog, c, dispatcher("host-a:1"), clock)) {
            alerts.raise(Alert.of(EventType.BACKUP_FAILED, "share", null, "backup of share failed", "retry"));
        }
        assertThat(catalog.since(null)).isEmpty();
        assertThat(catalog.notificationsSince(null)).isEmpty();
        assertThat(catalog.openAlerts()).isEmpty();
    }

    @Test
    void aOneOffNotice_isRaisedOnce_whateverTheNumberOfProcesses() throws Exception {
        NotificationsConfig c = config(List.of(new RuleConfig(List.of("*"), List.of(), List.of(), List.of("it-chat"))));
        serverUp = true;
        Notice digest = new Notice(Notice.Kind.INFO, "daily-digest", Severity.INFO, null, null, clock.instant(), "report", "body", null);
        try (Alerts a = new Alerts(catalog, c, dispatcher("host-a:1"), clock);
                Alerts b = new Alerts(catalog, c, dispatcher("host-b:2"), clock)) {
            assertThat(a.notice(digest, "daily-digest:2026-11-28T07:00:00Z")).isTrue();
            assertThat(b.notice(digest, "daily-digest:2026-11-28T07:00:00Z")).isFalse();
        }
        assertThat(delivered).containsExactly("report");
    }

    @Test
    void aDailyReportNoRuleRoutes_isLoggedAsNotSent() throws Exception {
        NotificationsConfig c = config(List.of(new RuleConfig(List.of("backup-failed"), List.of(), List.of(),
                List.of("it-chat"))));
        Notice digest = new Notice(Notice.Kind.INFO, "daily-digest", Severity.INFO, null, null, clock.instant(), "report", "body", null);
        try (Alerts a = new Alerts(catalog, c, dispatcher("host-a:1"), clock)) {
            assertThat(a.channelsFor(digest)).isEmpty();
            assertThat(Watch.digestLine("report", a.channelsFor(digest)))
                    .isEqualTo("daily report not sent: no notification rule routes daily-digest to a channel (report)");
        }
        assertThat(Watch.digestLine("report", List.of("it-email"))).isEqualTo("daily report queued for it-email: report");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
