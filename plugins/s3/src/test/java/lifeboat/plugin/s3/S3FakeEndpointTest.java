package lifeboat.plugin.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request shapes S3Proxy cannot show: retries of server errors and the Object Lock headers, against a scripted
 * HTTP endpoint (the JDK's server) that records what the SDK sends.
 */
class S3FakeEndpointTest {
    private HttpServer http;
    private final List<Headers> puts = new CopyOnWriteArrayList<>();
    private volatile Function<Integer, Integer> putStatus = attempt -> 200;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        String method = ex.getRequestMethod();
        String query = String.valueOf(ex.getRequestURI().getQuery());
        if (method.equals("GET") && query.contains("object-lock")) {
            reply(ex, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ObjectLockConfiguration"
                    + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                    + "</ObjectLockConfiguration>");
        } else if (method.equals("PUT")) {
            puts.add(ex.getRequestHeaders());
            int status = putStatus.apply(puts.size());
            if (status == 200) {
                ex.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
                reply(ex, 200, "");
            } else {
                reply(ex, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                        + (status == 503 ? "SlowDown" : "InternalError") + "</Code><Message>scripted</Message>"
                        + "<RequestId>r" + puts.size() + "</RequestId></Error>");
            }
        } else {
            reply(ex, 501, "<Error><Code>NotImplemented</Code><Message>not scripted</Message></Error>");
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private S3Storage storage(Map<String, Object> extra) throws IOException {
        Map<String, Object> v = new HashMap<>();
        v.put("endpoint", "http://127.0.0.1:" + http.getAddress().getPort());
        v.put("bucket", "b");
        v.put("pathStyle", true);
        v.put("accessKey", "AK");
        v.put("secretKey", "SK-secret");
        v.putAll(extra);
        return (S3Storage) new S3StorageFactory().create(new Settings("fake", "s3", v), () -> null);
    }

    private static void put(S3Storage storage) throws IOException {
        try (PendingObject out = storage.create("k")) {
            out.write("data".getBytes(UTF_8));
            out.commit();
        }
    }

    @Test
    void serverErrors_areRetriedUpToFiveAttempts() throws IOException {
        putStatus = attempt -> 500;
        try (S3Storage storage = storage(Map.of())) {
            assertThatThrownBy(() -> put(storage))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 500 InternalError")
                    .hasMessageContaining("bucket 'b'");
        }
        assertThat(puts).hasSize(5);
        assertThat(puts.get(4).getFirst("amz-sdk-request")).contains("attempt=5").contains("max=5");
    }

    @Test
    void throttling_isRetriedThenSucceeds() throws IOException {
        putStatus = attempt -> attempt == 1 ? 503 : 200;
        try (S3Storage storage = storage(Map.of())) {
            put(storage);
        }
        assertThat(puts).hasSize(2);
    }

    @Test
    void objectLock_sendsModeAndRetainUntilWithTheChecksum() throws IOException {
        Instant before = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        try (S3Storage storage = storage(Map.of("objectLockMode", "compliance", "objectLockDays", 7L))) {
            put(storage);
        }
        Headers h = puts.get(0);
        assertThat(h.getFirst("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
        Instant until = Instant.parse(h.getFirst("x-amz-object-lock-retain-until-date"));
        assertThat(until).isBetween(before, before.plus(1, ChronoUnit.MINUTES));
        assertThat(h.getFirst("x-amz-checksum-sha256")).isEqualTo(S3PendingObject.sha256("data".getBytes(UTF_8), 4));
    }
}
