package lifeboat.plugin.webhook;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Channel;
import lifeboat.spi.Settings;
import lifeboat.testkit.ChannelContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class WebhookChannelContractTest extends ChannelContractTest {
    static final String PATH_SECRET = "T0SECRET123";
    static final String QUERY_SECRET = "qsecret";
    static final String HEADER_SECRET = "hsecret456";

    private RecordingServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Channel open(String base, Map<String, Object> more) throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("url", base + "/hooks/" + PATH_SECRET + "/abc?token=" + QUERY_SECRET);
        values.put("headers", List.of("Authorization: Bearer " + HEADER_SECRET));
        values.putAll(more);
        return new WebhookChannelFactory().create(new Settings("it-chat", "webhook", values), () -> Path.of("/nonexistent"));
    }

    @Override
    protected Channel channel() throws Exception {
        return open(server.base(), Map.of());
    }

    @Override
    protected Channel unreachableChannel() throws Exception {
        return open("http://127.0.0.1:" + RecordingServer.freePort(), Map.of());
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }

    @Override
    protected List<String> secrets() {
        return List.of(PATH_SECRET, QUERY_SECRET, HEADER_SECRET);
    }
}
