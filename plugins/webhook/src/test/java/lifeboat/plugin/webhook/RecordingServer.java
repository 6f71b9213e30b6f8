package lifeboat.plugin.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP server on loopback that records every request and answers as told; for the webhook channel's tests. */
final class RecordingServer implements AutoCloseable {
    /** One request as it arrived. */
    record Request(String method, String pathAndQuery, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "ok";
    private volatile Map<String, String> extraHeaders = Map.of();
    private volatile boolean hang;

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    void answer(int status, String body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.extraHeaders = headers;
    }

    /** Read requests but never answer, until {@link #close()}. */
    void hang() {
        hang = true;
    }

    List<String> bodies() {
        return requests.stream().map(Request::body).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String got = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(x.getRequestMethod(), x.getRequestURI().toString(), x.getRequestHeaders(), got));
            if (hang) {
                release.await();
                return;
            }
            extraHeaders.forEach(x.getResponseHeaders()::set);
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            x.getResponseBody().write(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
    }

    /** A loopback port where nothing listens (it was free a moment ago). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
