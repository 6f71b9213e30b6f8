package lifeboat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.OpenAlert;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.model.EventType;
import lifeboat.core.model.NotificationState;
import lifeboat.spi.Severity;
import org.junit.jupiter.api.Test;

/** The outbox's rules again, on a PostgreSQL catalog (127.0.0.1:5432, trust), as a cluster of daemons uses it. */
class DispatcherPostgresIT extends DispatcherTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String db;

    @Override
    protected String newCatalogUrl() throws Exception {
        db = "lifeboat_dispatcher_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
        return SERVER + db + "?user=postgres";
    }

    /**
     * Two daemons open the same problem at once: node B's insert waits on node A's uncommitted row, then hits its
     * key. B must then count the problem (the event is kept), not lose it, and send nothing more.
     */
    @Test
    void aProblemOpenedByTwoNodesAtOnce_isCountedOnce_notLost() throws Exception {
        String key = Alert.keyOf(EventType.STALE_SOURCE, "share");
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> nodeA = CompletableFuture.runAsync(() -> {
            try {
                catalog.inTransaction(() -> {
                    catalog.saveAlert(new OpenAlert(key, "stale-source", Severity.ERROR, "share", now, now, now, 1, 0,
                            "stale (node a)"));
                    inserted.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
        try (Database nodeBDb = Database.open(SERVER + db + "?user=postgres")) {
            EventStore nodeB = new EventStore(nodeBDb);
            NotificationsConfig c = new NotificationsConfig(List.of(), List.of(), Duration.ofHours(24),
                    Duration.ofHours(2), Duration.ofMinutes(15), "0 0 7 * * ?", ZoneOffset.UTC, 1);
            Alerts alerts = new Alerts(nodeB, c, new Dispatcher(nodeB, name -> {
                throw new IllegalArgumentException("no channels here");
            }, "host-b:2", Clock.systemUTC(), AuditTrail.NONE), Clock.systemUTC());
            CompletableFuture<Void> raise = CompletableFuture.runAsync(() -> alerts.raise(Alert.of(
                    EventType.STALE_SOURCE, "share", null, "stale (node b)", "back it up")));
            await().atMost(Duration.ofSeconds(30)).until(this::someoneWaitsOnALock);
            release.countDown();
            nodeA.get(30, TimeUnit.SECONDS);
            raise.get(30, TimeUnit.SECONDS);
            alerts.close();
        }
        assertThat(catalog.openAlerts()).singleElement().satisfies(a -> {
            assertThat(a.occurrences()).isEqualTo(2);
            assertThat(a.lastMessage()).isEqualTo("stale (node b)");
        });
        assertThat(catalog.since(null)).singleElement().satisfies(e -> assertThat(e.message()).contains("node b"));
    }

    private boolean someoneWaitsOnALock() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where datname = '" + db
                        + "' and wait_event_type = 'Lock'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    @Override
    protected void dropCatalog() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + db + " with (force)");
        }
    }
}
