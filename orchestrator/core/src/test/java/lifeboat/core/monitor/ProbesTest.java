package lifeboat.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.config.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes against loopback servers: what passes, what fails with which reason, and that a hang is bounded. */
class ProbesTest {
    private static final Duration SHORT = Duration.ofMillis(800);
    /** What a hung probe may take beyond its timeout: the grace and a scheduling hiccup on a busy machine. */
    private static final Duration SLACK = Probes.GRACE.plusSeconds(1);

    @TempDir
    Path dir;

    Probes probes;
    HttpServer http;
    final List<Socket> held = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        probes = new Probes(null);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/health", ex -> answer(ex, 200, "status: OK"));
        http.createContext("/broken", ex -> answer(ex, 503, "maintenance"));
        http.start();
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterEach
    void stop() throws IOException {
        probes.close();
        http.stop(0);
        for (Socket s : held) {
            s.close();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
    }

    @Test
    void tcp_passesOnAnOpenPort_andFailsOnAClosedOne() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeOutcome up = probes.run(new ProbeSpec.Tcp("127.0.0.1", http.getAddress().getPort(), SHORT));
        ProbeOutcome down = probes.run(new ProbeSpec.Tcp("127.0.0.1", closed, SHORT));

        assertThat(up).isInstanceOf(ProbeOutcome.Passed.class);
        assertThat(down).isInstanceOf(ProbeOutcome.Failed.class);
        assertThat(down.describe(new ProbeSpec.Tcp("127.0.0.1", closed, SHORT)))
                .isEqualTo("tcp 127.0.0.1:" + closed + ": failed (connection refused)");
    }

    @Test
    void http_checksStatusAndText() {
        assertThat(probes.run(new ProbeSpec.Http(url("/health"), 200, "OK", SHORT))).isInstanceOf(ProbeOutcome.Passed.class);

        ProbeOutcome status = probes.run(new ProbeSpec.Http(url("/broken"), 200, null, SHORT));
        assertThat(status).isInstanceOf(ProbeOutcome.Failed.class);
        assertThat(status.detail()).isEqualTo("HTTP 503, expected 200");

        ProbeOutcome text = probes.run(new ProbeSpec.Http(url("/health"), 200, "READY", SHORT));
        assertThat(text.detail()).isEqualTo("HTTP 200 without \"READY\" in the body: status: OK");
    }

    /** A server that accepts the connection and never answers: the probe ends as timed out, near its timeout. */
    @Test
    void http_toAServerThatNeverAnswers_timesOutWithinItsTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ProbeSpec.Http p = new ProbeSpec.Http(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/health"),
                    200, null, SHORT);

            long start = System.nanoTime();
            ProbeOutcome o = probes.run(p);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(o).isInstanceOf(ProbeOutcome.TimedOut.class);
            assertThat(took).isGreaterThanOrEqualTo(SHORT).isLessThan(SHORT.plus(SLACK));
            assertThat(o.describe(p)).startsWith("http http://127.0.0.1:" + silent.getLocalPort()
                    + "/health expecting 200: timed-out (no answer within ");
        }
    }

    @Test
    void command_checksTheExitCode_withoutAShell() {
        assertThat(probes.run(new ProbeSpec.Command(List.of("true"), 0, SHORT))).isInstanceOf(ProbeOutcome.Passed.class);

        ProbeOutcome wrong = probes.run(new ProbeSpec.Command(List.of("sh", "-c", "echo database down >&2; exit 3"), 0,
                SHORT));
        assertThat(wrong.detail()).isEqualTo("exit 3, expected 0: database down");

        // no shell: the words are passed as they are
        ProbeOutcome missing = probes.run(new ProbeSpec.Command(List.of("/nonexistent/check-sis; true"), 0, SHORT));
        assertThat(missing).isInstanceOf(ProbeOutcome.Failed.class);
        assertThat(missing.detail()).startsWith("cannot start /nonexistent/check-sis; true");
    }

    /** A command that sleeps past its timeout is timed out and killed, with the children it started. */
    @Test
    void command_thatOverruns_isKilledWithItsChildren() throws IOException {
        Path pids = dir.resolve("pids");
        ProbeSpec.Command p = new ProbeSpec.Command(List.of("sh", "-c", "sleep 30 & echo $! > " + pids + "; wait"), 0,
                SHORT);

        long start = System.nanoTime();
        ProbeOutcome o = probes.run(p);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(o).isInstanceOf(ProbeOutcome.TimedOut.class);
        assertThat(took).isGreaterThanOrEqualTo(SHORT).isLessThan(SHORT.plus(SLACK));
        long child = Long.parseLong(Files.readString(pids).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }
}
