package lifeboat.plugin.email;

import static lifeboat.plugin.email.TestMail.PASSWORD;
import static lifeboat.plugin.email.TestMail.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Channel;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the contract does not cover: rendering, recipients, login failures, TLS and STARTTLS, timeouts. */
class EmailChannelIT {
    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(TestMail.FROM, USER, PASSWORD));

    private static final Notice NOTICE = new Notice(Notice.Kind.PROBLEM, "backup-failed", Severity.ERROR, "sis-db",
            "20261128T010000Z-7f3a", Instant.parse("2026-11-28T01:00:00Z"),
            "Backup of <script>alert(1)</script> & sis-db failed",
            "pg_dump said: relation \"Schüler\" < 2 & > 1\nsecond line",
            "check <the> server & run lifeboat backup sis-db");

    @Test
    void everyRecipientGetsTheNotice() throws Exception {
        send(plain(Map.of("to", List.of("it@school.example", "head@office.example"))), NOTICE);

        List<MimeMessage> it = mailbox("it@school.example");
        List<MimeMessage> head = mailbox("head@office.example");
        assertThat(it).hasSize(1);
        assertThat(head).hasSize(1);
        assertThat(it.get(0).getHeader("To")[0]).contains("it@school.example").contains("head@office.example");
    }

    @Test
    void noticeArrivesAsPlainTextAndEscapedHtmlAlternatives() throws Exception {
        Delivery d = send(plain(Map.of()), NOTICE);

        assertThat(d.answer()).startsWith("250").isEqualTo(d.answer().trim());
        MimeMessage m = only();
        assertThat(m.getSubject()).isEqualTo("[Lifeboat] Backup of <script>alert(1)</script> & sis-db failed");
        assertThat(m.getFrom()[0].toString()).isEqualTo(TestMail.FROM);
        assertThat(m.getSentDate()).isNotNull();
        assertThat(m.getHeader("X-Lifeboat-Event")).containsExactly("backup-failed");
        assertThat(m.getHeader("X-Lifeboat-Severity")).containsExactly("error");
        assertThat(m.isMimeType("multipart/alternative")).isTrue();

        String plain = TestMail.part(m, "text/plain");
        assertThat(plain).contains("relation \"Schüler\" < 2 & > 1\nsecond line")
                .contains("What to do: check <the> server & run lifeboat backup sis-db")
                .contains("backup-failed").contains("sis-db").contains("20261128T010000Z-7f3a")
                .contains("2026-11-28T01:00:00Z");

        String html = TestMail.part(m, "text/html");
        assertThat(html).doesNotContain("<script>").doesNotContain("<the>")
                .contains("Backup of &lt;script&gt;alert(1)&lt;/script&gt; &amp; sis-db failed")
                .contains("<pre style=\"white-space:pre-wrap\">pg_dump said: relation &quot;Schüler&quot; &lt; 2"
                        + " &amp; &gt; 1\nsecond line</pre>")
                .contains("What to do:").contains("check &lt;the&gt; server &amp; run lifeboat backup sis-db")
                .contains("color:#b00020").contains("20261128T010000Z-7f3a");
    }

    @Test
    void subjectAlreadyPrefixed_isNotPrefixedTwice() throws Exception {
        send(plain(Map.of()), notice("warning", "[Lifeboat] sis-db is stale"));

        MimeMessage m = only();
        assertThat(m.getSubject()).isEqualTo("[Lifeboat] sis-db is stale");
        assertThat(TestMail.part(m, "text/html")).contains("color:#b26a00");
    }

    @Test
    void wrongPassword_namesUserAndServerAnswerButNotThePassword() throws Exception {
        String wrong = "not-the-" + PASSWORD;
        try (Channel c = TestMail.channel("it-email", plain(Map.of("password", wrong)))) {
            assertThatThrownBy(() -> c.send(NOTICE)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("email channel it-email (127.0.0.1:" + smtpPort() + "): ")
                    .hasMessageContaining("refused the login for user " + USER)
                    .hasMessageContaining("535")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void tls_withSslTrust_deliversToASelfSignedServer() throws Exception {
        Map<String, Object> values = tls(Map.of("sslTrust", "*"));
        try (Channel c = TestMail.channel("it-email", values)) {
            assertThat(c.location()).isEqualTo("127.0.0.1:" + smtpsPort() + " (tls)");
            assertThat(c.send(NOTICE).answer()).startsWith("250");
        }
        assertThat(only().getSubject()).startsWith("[Lifeboat] ");
    }

    @Test
    void tls_withoutSslTrust_refusesTheSelfSignedCertificate() throws Exception {
        try (Channel c = TestMail.channel("it-email", tls(Map.of()))) {
            assertThatThrownBy(() -> c.send(NOTICE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("it-email").hasMessageContaining("TLS")
                    .hasMessageContaining("certificate")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttls_againstAServerWithoutIt_refusesToSendThePassword() throws Exception {
        try (Channel c = TestMail.channel("it-email", plain(Map.of("security", "starttls")))) {
            assertThat(c.location()).isEqualTo("127.0.0.1:" + smtpPort() + " (starttls)");
            assertThatThrownBy(() -> c.send(NOTICE)).isInstanceOf(IOException.class)
                    .hasMessage("email channel it-email (127.0.0.1:" + smtpPort() + "): the server does not offer"
                            + " STARTTLS; refusing to send the password in clear (set security: none only on a"
                            + " trusted network)");
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void silentServer_failsAfterTheTimeout() throws Exception {
        // the kernel completes the TCP handshake for the backlog, but nobody ever answers
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Channel c = TestMail.channel("it-email", TestMail.settings(silent.getLocalPort(),
                        Map.of("timeout", Duration.ofMillis(300))))) {
            assertThatThrownBy(() -> c.send(NOTICE)).isInstanceOf(IOException.class)
                    .hasMessage("email channel it-email (127.0.0.1:" + silent.getLocalPort()
                            + "): no answer within 300ms");
        }
    }

    @Test
    void unreachableServer_saysConnectionRefused() throws Exception {
        int port = TestMail.freePort();
        try (Channel c = TestMail.channel("it-email", TestMail.settings(port, Map.of()))) {
            assertThatThrownBy(() -> c.send(NOTICE)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("email channel it-email (127.0.0.1:" + port + "): cannot connect: ")
                    .hasMessageContaining("refused");
        }
    }

    private static Notice notice(String severity, String subject) {
        return new Notice(Notice.Kind.REMINDER, "stale-source", Severity.of(severity), "sis-db", null, Instant.now(), subject,
                "no backup for 3 days", null);
    }

    private static Delivery send(Map<String, Object> values, Notice notice) throws IOException {
        try (Channel c = TestMail.channel("it-email", values)) {
            return c.send(notice);
        }
    }

    private static MimeMessage only() {
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static List<MimeMessage> mailbox(String address) {
        return mail.findReceivedMessages(u -> u.getEmail().equals(address), m -> true).toList();
    }

    private static int smtpPort() {
        return mail.getSmtp().getPort();
    }

    private static int smtpsPort() {
        return mail.getSmtps().getPort();
    }

    /** Plain SMTP with the login, entries of {@code extra} added or replacing. */
    private static Map<String, Object> plain(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("user", USER, "password", PASSWORD));
        v.putAll(extra);
        return TestMail.settings(smtpPort(), v);
    }

    private static Map<String, Object> tls(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("user", USER, "password", PASSWORD, "security", "tls"));
        v.putAll(extra);
        return TestMail.settings(smtpsPort(), v);
    }
}
