package lifeboat.plugin.webhook;

import static lifeboat.plugin.webhook.WebhookChannelContractTest.HEADER_SECRET;
import static lifeboat.plugin.webhook.WebhookChannelContractTest.PATH_SECRET;
import static lifeboat.plugin.webhook.WebhookChannelContractTest.QUERY_SECRET;
import static lifeboat.plugin.webhook.WebhookChannelContractTest.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import lifeboat.spi.Channel;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;
import lifeboat.spi.Plugin;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECRETS = List.of(PATH_SECRET, QUERY_SECRET, HEADER_SECRET);

    private RecordingServer server;
    private RecordingServer other;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        other = new RecordingServer();
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private static Notice notice(String severity, String source, String reference, String subject, String advice) {
        return new Notice(Notice.Kind.PROBLEM, "backup-failed", Severity.of(severity), source, reference, Instant.parse("2026-11-28T01:00:00Z"),
                subject, "backup of sis-db failed:\npg_dump exited with 1", advice);
    }

    private static Notice notice() {
        return notice("error", "sis-db", "20261128T010000Z-7f3a", "Backup of sis-db failed", "run lifeboat backup sis-db");
    }

    private JsonNode sent(String format, Notice n) throws Exception {
        try (Channel c = open(server.base(), Map.of("format", format))) {
            c.send(n);
        }
        assertThat(server.requests).hasSize(1);
        return JSON.readTree(server.requests.get(0).body());
    }

    @Test
    void generic_carriesEveryFieldOfTheNotice() throws Exception {
        JsonNode j = sent("generic", notice());
        assertThat(j.get("kind").asText()).isEqualTo("problem");
        assertThat(j.get("type").asText()).isEqualTo("backup-failed");
        assertThat(j.get("severity").asText()).isEqualTo("error");
        assertThat(j.get("source").asText()).isEqualTo("sis-db");
        assertThat(j.get("reference").asText()).isEqualTo("20261128T010000Z-7f3a");
        assertThat(j.get("at").asText()).isEqualTo("2026-11-28T01:00:00Z");
        assertThat(j.get("subject").asText()).isEqualTo("Backup of sis-db failed");
        assertThat(j.get("text").asText()).isEqualTo("backup of sis-db failed:\npg_dump exited with 1");
        assertThat(j.get("advice").asText()).isEqualTo("run lifeboat backup sis-db");
        assertThat(j.size()).isEqualTo(9);
    }

    @Test
    void generic_missingFieldsAreJsonNull() throws Exception {
        JsonNode j = sent("generic", notice("info", null, null, "Daemon started", null));
        assertThat(j.has("source")).isTrue();
        assertThat(j.get("source").isNull()).isTrue();
        assertThat(j.get("reference").isNull()).isTrue();
        assertThat(j.get("advice").isNull()).isTrue();
    }

    @Test
    void defaultFormat_isGeneric() throws Exception {
        try (Channel c = open(server.base(), Map.of())) {
            c.send(notice());
        }
        assertThat(JSON.readTree(server.requests.get(0).body()).get("kind").asText()).isEqualTo("problem");
    }

    @Test
    void slack_boldSubjectAndPlainText_withSlackEscaping() throws Exception {
        JsonNode j = sent("slack", notice("error", "sis-db", null, "<script>& failed", "fix <it> & retry"));
        assertThat(j.size()).isEqualTo(1);
        assertThat(j.get("text").asText()).isEqualTo("*&lt;script&gt;&amp; failed*\n"
                + "backup of sis-db failed:\npg_dump exited with 1\n\nWhat to do: fix &lt;it&gt; &amp; retry");
    }

    @ParameterizedTest
    @CsvSource({"error,B00020", "warning,B26A00", "info,1B5E20"})
    void teams_messageCardColouredBySeverity(String severity, String colour) throws Exception {
        JsonNode j = sent("teams", notice(severity, "sis-db", "20261128T010000Z-7f3a", "Backup of sis-db failed",
                "run lifeboat backup sis-db"));
        assertThat(j.get("@type").asText()).isEqualTo("MessageCard");
        assertThat(j.get("@context").asText()).isEqualTo("https://schema.org/extensions");
        assertThat(j.get("themeColor").asText()).isEqualTo(colour);
        assertThat(j.get("summary").asText()).isEqualTo("Backup of sis-db failed");
        assertThat(j.get("title").asText()).isEqualTo("Backup of sis-db failed");
        assertThat(j.get("text").asText())
                .isEqualTo("backup of sis-db failed:\n\npg_dump exited with 1\n\nWhat to do: run lifeboat backup sis-db");
        JsonNode facts = j.get("sections").get(0).get("facts");
        assertThat(facts).hasSize(5);
        assertThat(fact(facts, "Source")).isEqualTo("sis-db");
        assertThat(fact(facts, "Reference")).isEqualTo("20261128T010000Z-7f3a");
        assertThat(fact(facts, "Event")).isEqualTo("backup-failed");
        assertThat(fact(facts, "Severity")).isEqualTo(severity);
        assertThat(fact(facts, "Time")).isEqualTo("2026-11-28T01:00:00Z");
    }

    @Test
    void teams_leavesOutFactsWithoutValue() throws Exception {
        JsonNode j = sent("teams", notice("info", null, null, "Daemon started", null));
        JsonNode facts = j.get("sections").get(0).get("facts");
        assertThat(facts).hasSize(3);
        assertThat(fact(facts, "Source")).isNull();
        assertThat(fact(facts, "Reference")).isNull();
    }

    private static String fact(JsonNode facts, String name) {
        for (JsonNode f : facts) {
            if (f.get("name").asText().equals(name)) {
                return f.get("value").asText();
            }
        }
        return null;
    }

    @Test
    void googleChat_boldSubjectAndPlainText() throws Exception {
        JsonNode j = sent("google-chat", notice());
        assertThat(j.size()).isEqualTo(1);
        assertThat(j.get("text").asText()).isEqualTo("*Backup of sis-db failed*\n"
                + "backup of sis-db failed:\npg_dump exited with 1\n\nWhat to do: run lifeboat backup sis-db");
    }

    @Test
    void request_isAJsonPostToTheWholeUrl_withTheConfiguredHeaders() throws Exception {
        Delivery d;
        try (Channel c = open(server.base(), Map.of())) {
            d = c.send(notice());
        }
        var r = server.requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.pathAndQuery()).isEqualTo("/hooks/" + PATH_SECRET + "/abc?token=" + QUERY_SECRET);
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + HEADER_SECRET);
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.header("User-Agent")).isEqualTo("Lifeboat/0.1");
        assertThat(d.answer()).isEqualTo("HTTP 200: ok");
    }

    @Test
    void answerWithoutBody_isJustTheStatus() throws Exception {
        server.answer(204, "", Map.of());
        try (Channel c = open(server.base(), Map.of())) {
            assertThat(c.send(notice()).answer()).isEqualTo("HTTP 204");
        }
    }

    @Test
    void locationAndToString_nameSchemeHostAndPortOnly() throws Exception {
        try (Channel c = open(server.base(), Map.of())) {
            assertThat(c.location()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(c.toString()).contains("it-chat").doesNotContain(PATH_SECRET, QUERY_SECRET, HEADER_SECRET);
        }
    }

    @Test
    void errorStatus_reportsStatusAndServerAnswer_withoutSecrets() throws Exception {
        server.answer(404, "no_service", Map.of());
        try (Channel c = open(server.base(), Map.of())) {
            assertThatThrownBy(() -> c.send(notice())).isInstanceOf(IOException.class)
                    .hasMessage("webhook channel it-chat (http://127.0.0.1:" + server.port() + "): HTTP 404: no_service")
                    .hasNoCause();
        }
    }

    @Test
    void errorAnswer_echoingTheSecretPath_isRedacted_andCutTo500Characters() throws Exception {
        server.answer(400, "no hook /hooks/" + PATH_SECRET + "/abc " + "x".repeat(1000), Map.of());
        try (Channel c = open(server.base(), Map.of())) {
            assertThatThrownBy(() -> c.send(notice())).isInstanceOf(IOException.class).satisfies(e -> {
                assertThat(e.getMessage()).contains("HTTP 400: no hook ***").doesNotContain(PATH_SECRET);
                assertThat(e.getMessage().substring(e.getMessage().indexOf("HTTP 400: ") + 10)).hasSize(501);
            });
        }
    }

    @Test
    void redirect_isRefused_andItsTargetGetsNothing() throws Exception {
        server.answer(302, "", Map.of("Location", other.base() + "/elsewhere"));
        try (Channel c = open(server.base(), Map.of())) {
            assertThatThrownBy(() -> c.send(notice())).isInstanceOf(IOException.class)
                    .hasMessageContaining("it-chat")
                    .hasMessageContaining("HTTP 302 redirect refused (give the final URL)")
                    .hasMessageNotContaining(other.base());
        }
        assertThat(server.requests).hasSize(1);
        assertThat(other.requests).isEmpty();
    }

    @Test
    void silentServer_failsAfterTheTimeout() throws Exception {
        server.hang();
        try (Channel c = open(server.base(), Map.of("timeout", Duration.ofSeconds(1)))) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> c.send(notice()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("webhook channel it-chat (http://127.0.0.1:" + server.port()
                            + "): no answer within 1s"));
        }
    }

    @Test
    void refusedConnection_saysSo() throws Exception {
        int port = RecordingServer.freePort();
        try (Channel c = open("http://127.0.0.1:" + port, Map.of())) {
            assertThatThrownBy(() -> c.send(notice())).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("webhook channel it-chat (http://127.0.0.1:" + port + "): cannot connect: ")
                    .hasMessageContaining("refused")
                    .hasNoCause();
        }
    }

    @Test
    void interruptedSender_getsInterruptedIOException_andKeepsTheFlag() throws Exception {
        server.hang();
        try (Channel c = open(server.base(), Map.of())) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> c.send(notice())).isInstanceOf(InterruptedIOException.class)
                        .hasMessageContaining("it-chat");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    private static IllegalArgumentException createFails(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of("url", "https://hooks.example.org/hooks/" + PATH_SECRET
                + "?token=" + QUERY_SECRET));
        all.putAll(values);
        var settings = new Settings("it-chat", "webhook", all);
        IllegalArgumentException e = null;
        try {
            new WebhookChannelFactory().create(settings, () -> Path.of("/nonexistent"));
        } catch (IllegalArgumentException thrown) {
            e = thrown;
        }
        assertThat(e).as("create() should have refused %s", values.keySet()).isNotNull();
        assertThat(e.getMessage()).contains("webhook channel it-chat");
        for (String s : SECRETS) {
            assertThat(e.getMessage()).doesNotContain(s);
        }
        return e;
    }

    @Test
    void unknownFormat_isRefused_listingTheFormats() {
        assertThat(createFails(Map.of("format", "discord")).getMessage())
                .contains("discord").contains("generic, slack, teams, google-chat");
    }

    @Test
    void nonHttpUrl_isRefused_withoutEchoingIt() {
        assertThat(createFails(Map.of("url", "ftp://hooks.example.org/" + PATH_SECRET)).getMessage())
                .contains("'url'").contains("http");
        assertThat(createFails(Map.of("url", "hooks.example.org/" + PATH_SECRET)).getMessage()).contains("'url'");
        assertThat(createFails(Map.of("url", "https://hooks example.org/" + PATH_SECRET)).getMessage())
                .contains("'url'");
        assertThat(createFails(Map.of("url", "https://bot:" + PATH_SECRET + "@hooks.example.org/x")).getMessage())
                .contains("'url'");
    }

    @Test
    void malformedHeader_isRefused_namingItsIndexNotItsValue() {
        assertThat(createFails(Map.of("headers", List.of("X-Ok: 1", "Authorization Bearer " + HEADER_SECRET)))
                .getMessage()).contains("headers entry 2");
        assertThat(createFails(Map.of("headers", List.of(": " + HEADER_SECRET))).getMessage())
                .contains("headers entry 1");
        assertThat(createFails(Map.of("headers", List.of("Host: " + HEADER_SECRET))).getMessage())
                .contains("headers entry 1");
        assertThat(createFails(Map.of("headers", List.of("X-Token: a\r\nInjected: " + HEADER_SECRET))).getMessage())
                .contains("headers entry 1");
    }

    @Test
    void nonPositiveTimeout_isRefused() {
        assertThat(createFails(Map.of("timeout", Duration.ZERO)).getMessage()).contains("timeout");
    }

    @Test
    void create_doesNotTouchTheNetwork() throws Exception {
        try (Channel c = open("https://nowhere.invalid", Map.of())) {
            assertThat(c.location()).isEqualTo("https://nowhere.invalid");
        }
    }

    @Test
    void properties_markTheUrlAndHeadersSecret() {
        Map<String, PropertySpec> p = new HashMap<>();
        new WebhookChannelFactory().properties().forEach(s -> p.put(s.name(), s));
        assertThat(p).containsOnlyKeys("url", "format", "headers", "timeout");
        assertThat(p.get("url").required()).isTrue();
        assertThat(p.get("url").secret()).isTrue();
        assertThat(p.get("headers").secret()).isTrue();
        assertThat(p.get("headers").type()).isEqualTo(PropertyType.STRING_LIST);
        assertThat(p.get("timeout").type()).isEqualTo(PropertyType.DURATION);
        assertThat(p.get("format").required()).isFalse();
    }

    @Test
    void plugin_isFoundByServiceLoader() {
        List<String> types = ServiceLoader.load(Plugin.class).stream()
                .flatMap(p -> p.get().channelFactories().stream()).map(ChannelFactory::type).toList();
        assertThat(types).contains("webhook");
    }
}
