package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.JobAction;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.ScheduleLoader;
import lifeboat.core.daemon.Daemon;
import lifeboat.core.events.Alert;
import lifeboat.core.model.EventType;
import lifeboat.core.model.RunStatus;
import lifeboat.core.notify.Alerts;
import lifeboat.core.notify.Dispatcher;
import lifeboat.core.notify.HealthCheck;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end: a real SMTP server (GreenMail) and a real HTTP server (the JDK's) on loopback receive
 * what Lifeboat sends; the tests assert on what arrived.
 */
class NotificationsIT {
    private static final String SMTP_PASSWORD = "sm7p-Pa55word";
    private static final String HOOK_SECRET = "T0SECRET/B0SECRET/xoxsecret";
    private static final String HOOK_TOKEN = "hook-token-4711";

    @TempDir
    Path dir;

    private int smtpPort;
    private GreenMail mail;
    private HttpServer http;
    private final List<String> hooks = new CopyOnWriteArrayList<>();
    private final List<String> hookAuth = new CopyOnWriteArrayList<>();
    private Daemon daemon;

    @BeforeEach
    void servers() throws IOException {
        smtpPort = freePort();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            hookAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        http.start();
        Files.writeString(dir.resolve("smtp-password"), SMTP_PASSWORD);
        Files.writeString(dir.resolve("hook-url"), "http://127.0.0.1:" + http.getAddress().getPort() + "/hooks/"
                + HOOK_SECRET);
        Files.writeString(dir.resolve("hook-token"), HOOK_TOKEN);
    }

    private void startMail() {
        mail = Smtp.start(smtpPort, SMTP_PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        if (mail != null) {
            mail.stop();
        }
        http.stop(0);
    }

    /** A share that backs up, a source whose directory is missing (its backup fails), both channels, and rules. */
    private Path install(String rules, String extra) throws IOException {
        Files.createDirectories(dir.resolve("share"));
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("share/noten.csv"), "anna;2\n");
        return Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                    rpo: 1h
                  - name: sis-files
                    type: files
                    path: ./not-mounted
                    storage: [local]
                notifications:
                  channels:
                %s
                    - name: it-chat
                      type: webhook
                      url: ${file:hook-url}
                      format: slack
                      headers: ["Authorization: Bearer ${file:hook-token}"]
                      timeout: 5s
                  rules:
                %s
                %s""".formatted(Smtp.loginChannel(smtpPort, "[it@school.example, head@school.example]", "5s")
                .stripTrailing(), rules.indent(4).stripTrailing(), extra.indent(2).stripTrailing()));
    }

    private static final String FAILURES_TO_BOTH = """
            - events: [backup-failed, backup-partial, verify-failed, trial-restore-failed, stale-source, storage-low]
              channels: [it-email, it-chat]
            """;

    private List<MimeMessage> backupFailedMails() throws jakarta.mail.MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if ("[Lifeboat] Backup of sis-files failed".equals(m.getSubject())) {
                out.add(m);
            }
        }
        return out;
    }

    private static String body(MimeMessage[] received, String subject) throws jakarta.mail.MessagingException {
        for (MimeMessage m : received) {
            if (subject.equals(m.getSubject())) {
                return GreenMailUtil.getBody(m);
            }
        }
        throw new AssertionError("no mail with subject " + subject);
    }

    private LifeboatConfig config(Path file) throws Exception {
        return new ConfigLoader(PluginRegistry.load()).load(file);
    }

    @Test
    void failedBackup_sendsOneMailAndOneWebhook_namingSourceAndError_andARepeatIsOnlyCounted() throws Exception {
        startMail();
        Path config = install(FAILURES_TO_BOTH, "");
        Cli.Result r = Cli.on(config, "backup", "sis-files");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length == 2 && hooks.size() == 1);

        // the same failure again at once: counted, not sent
        Cli.Result again = Cli.on(config, "backup", "sis-files");
        assertThat(again.code()).isEqualTo(1);

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2); // one mail, to two recipients
        assertThat(received[0].getSubject()).isEqualTo("[Lifeboat] Backup of sis-files failed");
        String body = GreenMailUtil.getBody(received[0]);
        assertThat(body).contains("sis-files").contains("not-mounted").contains("does not exist (is the share mounted?)")
                .contains("What to do");
        assertThat(GreenMailUtil.getAddressList(received[0].getRecipients(jakarta.mail.Message.RecipientType.TO)))
                .contains("it@school.example").contains("head@school.example");

        assertThat(hooks).hasSize(1);
        JsonNode slack = lifeboat.core.repo.Json.MAPPER.readTree(hooks.get(0));
        assertThat(slack.get("text").asText()).contains("Backup of sis-files failed").contains("does not exist");
        assertThat(hookAuth).containsExactly("Bearer " + HOOK_TOKEN);

        Cli.Result list = Cli.on(config, "notifications", "--json", "--attempts");
        assertThat(list.code()).as(list.toString()).isZero();
        JsonNode items = list.json().get("notifications");
        assertThat(items).hasSize(2);
        assertThat(items).allSatisfy(n -> {
            assertThat(n.get("state").asText()).isEqualTo("sent");
            assertThat(n.get("type").asText()).isEqualTo("backup-failed");
            assertThat(n.get("attempts").size()).isEqualTo(1);
        });
        assertThat(list.json().get("openProblems").get(0).get("occurrences").asInt()).isEqualTo(2);
        for (String secret : List.of(SMTP_PASSWORD, HOOK_SECRET, "T0SECRET", HOOK_TOKEN)) {
            assertThat(list.out()).doesNotContain(secret);
            assertThat(r.err() + r.out() + again.err()).doesNotContain(secret);
        }
    }

    @Test
    void backupAll_goesOnAfterASourceThatCannotRun_andReportsIt() throws Exception {
        startMail();
        Path config = install(FAILURES_TO_BOTH, "");
        Cli.Result r = Cli.on(config, "backup", "--all", "--json");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode items = r.json();
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("source").asText()).isEqualTo("share");
        assertThat(items.get(0).get("status").asText()).isEqualTo("complete");
        assertThat(items.get(1).get("source").asText()).isEqualTo("sis-files");
        assertThat(items.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(items.get(1).get("error").asText()).contains("does not exist");
        await().atMost(Duration.ofSeconds(20)).until(() -> backupFailedMails().size() == 2 && hooks.size() == 1);
        assertThat(mail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void staleSource_isReportedOnce_andItsRecoveryOnce() throws Exception {
        startMail();
        Path config = install("""
                - events: [stale-source]
                  channels: [it-email]
                """, "");
        LifeboatConfig cfg = config(config);
        try (Lifeboat lb = Lifeboat.open(cfg, PluginRegistry.load())) {
            Instant backedUp = Instant.now();
            assertThat(Cli.on(config, "backup", "share").code()).isZero();
            Clock later = Clock.fixed(backedUp.plus(Duration.ofHours(3)), ZoneOffset.UTC);
            // three hours on, with an RPO of one hour: stale, checked twice, reported once
            assertThat(lb.health(later).run().stale()).containsExactly("share");
            assertThat(lb.health(later).run().stale()).containsExactly("share");
            await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length >= 2);
            // now: fresh again, checked twice, the recovery reported once
            assertThat(lb.health(Clock.systemUTC()).run().stale()).isEmpty();
            assertThat(lb.health(Clock.systemUTC()).run().stale()).isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length >= 4);
        }
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(4); // two mails, each to two recipients
        List<String> subjects = java.util.Arrays.stream(received).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().toList();
        assertThat(subjects).containsExactly("[Lifeboat] share has no good backup within its RPO",
                "[Lifeboat] share has a fresh good backup again");
        assertThat(body(received, "[Lifeboat] share has no good backup within its RPO")).contains("its RPO is 1 h")
                .containsPattern("2 h 59 min ago|3 h ago");
        assertThat(body(received, "[Lifeboat] share has a fresh good backup again")).contains("first seen")
                .contains("2 times");
    }

    @Test
    void mailServerDownDuringAFailure_theMailArrivesLater_once() throws Exception {
        Path config = install(FAILURES_TO_BOTH, "");
        Cli.Result r = Cli.on(config, "backup", "sis-files");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).doesNotContain(SMTP_PASSWORD);
        // the webhook went; the mail waits in the outbox with its failed attempt on record
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.size() == 1);
        try (Lifeboat lb = Lifeboat.open(config(config), PluginRegistry.load())) {
            NotificationRecord m = lb.inventory().notifications(null).stream()
                    .filter(n -> n.channel().equals("it-email")).findFirst().orElseThrow();
            assertThat(m.state().label()).isEqualTo("pending");
            assertThat(m.attempts()).isEqualTo(1);
            assertThat(m.lastError()).contains("it-email").contains("cannot connect").doesNotContain(SMTP_PASSWORD);
            assertThat(lb.inventory().attempts(m.id())).singleElement()
                    .satisfies(a -> assertThat(a.ok()).isFalse());
        }

        startMail();
        daemon = Daemon.start(config(config), PluginRegistry.load(), ScheduleLoader.load(config(config)));
        await().atMost(Duration.ofSeconds(60)).until(() -> backupFailedMails().size() >= 2);
        daemon.stop();
        daemon = null;

        assertThat(backupFailedMails()).hasSize(2); // once, to two recipients
        // (the daemon's own staleness check of 'share' may have sent more: those are not counted here)
        assertThat(hooks).filteredOn(h -> h.contains("Backup of sis-files failed")).hasSize(1);
        try (Lifeboat lb = Lifeboat.open(config(config), PluginRegistry.load())) {
            NotificationRecord m = lb.inventory().notifications(null).stream()
                    .filter(n -> n.channel().equals("it-email")).findFirst().orElseThrow();
            assertThat(m.state().label()).isEqualTo("sent");
            assertThat(m.attempts()).isEqualTo(2);
            assertThat(lb.inventory().attempts(m.id())).extracting(a -> a.ok()).containsExactly(false, true);
        }
    }

    @Test
    void mailServerDown_thenFixed_notificationsSendDeliversWhatWaited_once() throws Exception {
        Path config = install(FAILURES_TO_BOTH, "");
        assertThat(Cli.on(config, "backup", "sis-files").code()).isEqualTo(1);
        Cli.Result stillDown = Cli.on(config, "notifications", "--send");
        assertThat(stillDown.code()).as(stillDown.toString()).isEqualTo(1);
        assertThat(stillDown.out()).contains("sent 0 of 1 undelivered notifications; 1 failed again")
                .contains("cannot connect");
        startMail();
        Cli.Result fixed = Cli.on(config, "notifications", "--send");
        assertThat(fixed.code()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("sent 1 of 1 undelivered notifications");
        assertThat(backupFailedMails()).hasSize(2); // once, to two recipients
        assertThat(Cli.on(config, "notifications", "--send").out()).contains("sent 0 of 0");
        assertThat(backupFailedMails()).hasSize(2);
    }

    @Test
    void daemon_sendsTheDigestListingTheNightsJobs() throws Exception {
        startMail();
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/nightly.yaml"), """
                timezone: UTC
                jobs:
                  - name: nightly
                    action: backup
                    sources: [share, sis-files]
                    cron: "0 0 1 * * ?"
                """);
        Path config = install("""
                - events: [daily-digest]
                  channels: [it-email]
                """, """
                digest:
                  cron: "*/3 * * * * ?"
                """);
        // the night's work, as the daemon's job runner records it
        assertThat(Cli.on(config, "backup", "share").code()).isZero();
        assertThat(Cli.on(config, "backup", "sis-files").code()).isEqualTo(1);
        try (Lifeboat lb = Lifeboat.open(config(config), PluginRegistry.load())) {
            Instant t = Instant.now().minusSeconds(60);
            String ok = lb.inventory().backups("share").get(0).id();
            long a = lb.jobRuns().start(new JobRunRecord(0, "nightly", JobAction.BACKUP, "share", t, t,
                    null, RunStatus.RUNNING, 1, 0, null, "test:1", null, null, null));
            lb.jobRuns().finish(a, RunStatus.COMPLETE, t.plusSeconds(5), 1000, ok, null, null);
            long b = lb.jobRuns().start(new JobRunRecord(0, "nightly", JobAction.BACKUP, "sis-files",
                    t, t.plusSeconds(6), null, RunStatus.RUNNING, 1, 0, null, "test:1", null, null, null));
            lb.jobRuns().finish(b, RunStatus.FAILED, t.plusSeconds(7), 0, null, null, "sis-files: not-mounted is not a directory");
        }
        daemon = Daemon.start(config(config), PluginRegistry.load(), ScheduleLoader.load(config(config)));
        await().atMost(Duration.ofSeconds(60)).until(() -> mail.getReceivedMessages().length >= 2);
        daemon.stop();
        daemon = null;

        MimeMessage digest = mail.getReceivedMessages()[0];
        assertThat(digest.getSubject()).startsWith("[Lifeboat] Lifeboat daily report for ").contains("problem");
        String body = GreenMailUtil.getBody(digest);
        assertThat(body).contains("nightly (backup) on share: complete")
                .contains("nightly (backup) on sis-files: failed")
                .contains("Needs attention")
                .contains("not-mounted is not a directory")
                .contains("Backups per source:")
                .contains("Free space per storage target:")
                .contains("local: ");
    }

    @Test
    void aDigestWhoseTimePassedWhileNoDaemonRan_isSentAtStart() throws Exception {
        startMail();
        java.time.ZonedDateTime hourAgo = java.time.ZonedDateTime.now(ZoneOffset.UTC).minusHours(1);
        Path config = install("""
                - events: [daily-digest]
                  channels: [it-email]
                """, """
                digest:
                  cron: "0 %d %d * * ?"
                  timezone: UTC
                """.formatted(hourAgo.getMinute(), hourAgo.getHour()));
        daemon = Daemon.start(config(config), PluginRegistry.load(), ScheduleLoader.load(config(config)));
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length >= 2);
        daemon.stop();
        daemon = null;
        assertThat(mail.getReceivedMessages()).hasSize(2); // one report, to two recipients
        assertThat(mail.getReceivedMessages()[0].getSubject()).startsWith("[Lifeboat] Lifeboat daily report for");
    }

    @Test
    void storageLowAndUnreachable_areRaisedOnce_andTheirRecoveryOnce() throws Exception {
        int closed = freePort();
        Files.writeString(dir.resolve("s3-secret"), "s3-secret-key-0815");
        String targets = """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: s3
                    endpoint: http://127.0.0.1:%d
                    bucket: school-backups
                    pathStyle: true
                    accessKey: lifeboat
                    secretKey: ${file:s3-secret}
                sources: []
                notifications:
                  channels:
                    - name: it-chat
                      type: webhook
                      url: ${file:hook-url}
                      format: generic
                  rules:
                    - events: [storage-low, storage-unreachable]
                      channels: [it-chat]
                  minFreeSpace: %s
                """;
        Path tight = Files.writeString(dir.resolve("tight.yaml"), targets.formatted(closed, "1000000TiB"));
        try (Lifeboat lb = Lifeboat.open(config(tight), PluginRegistry.load())) {
            HealthCheck.Findings f = lb.health(Clock.systemUTC()).run();
            assertThat(f.low()).containsExactly("local");
            assertThat(f.unreachable()).containsExactly("offsite");
            lb.health(Clock.systemUTC()).run(); // the same again: counted, not sent
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.size() >= 2);
        assertThat(hooks).hasSize(2);
        assertThat(hooks).anySatisfy(h -> assertThat(h).contains("Storage target local is low on space")
                .contains("below the").contains("minFreeSpace"));
        assertThat(hooks).anySatisfy(h -> assertThat(h).contains("Storage target offsite is unreachable")
                .contains("127.0.0.1:" + closed));
        assertThat(String.join("\n", hooks)).doesNotContain("s3-secret-key-0815");

        // space freed (a lower threshold here) and the endpoint back: one recovery each
        com.sun.net.httpserver.HttpServer s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", closed), 0);
        s3.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1); // HEAD lifeboat-repo.json: no such object, but the endpoint answers
            ex.close();
        });
        s3.start();
        try {
            Path roomy = Files.writeString(dir.resolve("roomy.yaml"), targets.formatted(closed, "1MiB"));
            try (Lifeboat lb = Lifeboat.open(config(roomy), PluginRegistry.load())) {
                HealthCheck.Findings f = lb.health(Clock.systemUTC()).run();
                assertThat(f.low()).isEmpty();
                assertThat(f.unreachable()).isEmpty();
                lb.health(Clock.systemUTC()).run();
            }
        } finally {
            s3.stop(0);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.size() >= 4);
        assertThat(hooks).hasSize(4);
        assertThat(hooks.subList(2, 4)).anySatisfy(h -> assertThat(h).contains("Storage target local has space again"));
        assertThat(hooks.subList(2, 4)).anySatisfy(h -> assertThat(h).contains("Storage target offsite is reachable again"));
    }

    @Test
    void sameProblem_isQuietUntilRepeatAfter_thenOneReminderWithTheCount_thenOneRecovery() throws Exception {
        startMail();
        Path config = install("""
                - events: [backup-failed]
                  channels: [it-chat]
                """, "");
        LifeboatConfig cfg = config(config);
        Instant t0 = Instant.now();
        try (Lifeboat lb = Lifeboat.open(cfg, PluginRegistry.load())) {
            for (Duration at : List.of(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10),
                    Duration.ofHours(25))) {
                Clock clock = Clock.fixed(t0.plus(at), ZoneOffset.UTC);
                try (Alerts alerts = lb.alerts(clock)) {
                    alerts.raise(Alert.of(EventType.BACKUP_FAILED, "share", null, "backup of share failed: disk full",
                            "free space"));
                }
            }
            lb.alerts().resolve(EventType.BACKUP_FAILED, "share", "backup X completed");
            lb.alerts().resolve(EventType.BACKUP_FAILED, "share", "backup Y completed");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.size() >= 3);
        assertThat(hooks).hasSize(3);
        assertThat(hooks.get(0)).contains("Backup of share failed").doesNotContain("Still going on");
        assertThat(hooks.get(1)).contains("Still going on").contains("4 times");
        assertThat(hooks.get(2)).contains("Backups of share are healthy again").contains("4 times in all");
    }

    @Test
    void notifyTest_reportsWhatEachServerAnswered() throws Exception {
        startMail();
        Path config = install(FAILURES_TO_BOTH, "");
        Cli.Result email = Cli.on(config, "notify", "test", "it-email");
        assertThat(email.code()).as(email.toString()).isZero();
        assertThat(email.out()).contains("delivered test message").contains("server answered: 250");
        Cli.Result chat = Cli.on(config, "notify", "test", "it-chat", "--json");
        assertThat(chat.code()).as(chat.toString()).isZero();
        assertThat(chat.json().get("answer").asText()).isEqualTo("HTTP 200: ok");
        assertThat(chat.out()).doesNotContain(HOOK_SECRET).doesNotContain("T0SECRET");
        assertThat(mail.getReceivedMessages()).hasSize(2);
        assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("[Lifeboat] Test message from Lifeboat");

        Cli.Result unknown = Cli.on(config, "notify", "test", "pager");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no notification channel named 'pager'").contains("it-email, it-chat");

        mail.stop();
        mail = null;
        Cli.Result down = Cli.on(config, "notify", "test", "it-email");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.out()).contains("NOT delivered").contains("cannot connect").doesNotContain(SMTP_PASSWORD);
        // a failed test is not retried later
        try (Lifeboat lb = Lifeboat.open(config(config), PluginRegistry.load())) {
            assertThat(lb.inventory().notifications(null)).filteredOn(n -> n.state().label().equals("pending")).isEmpty();
        }
    }

    @Test
    void checkConfig_namesNotificationMistakesWithTheirLine() throws Exception {
        Path config = install("""
                - events: [backup-faild]
                  channels: [it-pager]
                """, """
                digest:
                  cron: "every morning"
                """);
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("notifications.rules[0].events: unknown event type 'backup-faild'")
                .contains("notifications.rules[0].channels: channel 'it-pager' is not defined")
                .contains("notifications.digest.cron: 'every morning' is not a Quartz cron expression")
                .containsPattern("lifeboat.yaml:\\d+: notifications.rules\\[0]");
        assertThat(r.out() + r.err()).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void checkConfig_opensEveryChannel_andNamesOneThatCannotOpen_withoutItsSecret() throws Exception {
        Path config = install(FAILURES_TO_BOTH, "");
        Files.createDirectories(dir.resolve("not-mounted"));
        Cli.Result good = Cli.on(config, "check-config");
        assertThat(good.code()).as(good.toString()).isZero();
        assertThat(good.out()).contains("2 notification channels");
        Files.writeString(dir.resolve("hook-url"), "ftp://127.0.0.1/hooks/" + HOOK_SECRET);
        Cli.Result bad = Cli.on(config, "check-config");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.out()).contains("notifications.channels.it-chat: cannot open");
        assertThat(bad.out() + bad.err()).doesNotContain("T0SECRET").doesNotContain(HOOK_TOKEN);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
