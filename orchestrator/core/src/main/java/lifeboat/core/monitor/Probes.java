package lifeboat.core.monitor;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lifeboat.core.config.ProbeSpec;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.plugins.Sources;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Source;

/**
 * Runs probes: a TCP connection, an HTTP GET, a query on a database source, a command. Every probe is bounded by
 * its timeout twice over: the check's own timeout (connect, request, statement, process wait) and a watch on the
 * thread it runs on, so a server that accepts and never answers, or a driver that ignores its timeout, still ends
 * as {@link ProbeOutcome.TimedOut} soon after the timeout. A command that overruns is killed with its children.
 * Thread-safe.
 */
public final class Probes implements AutoCloseable {
    /** How long past its timeout a probe's thread is waited for before it is given up. */
    static final Duration GRACE = Duration.ofMillis(500);
    private static final int MAX_TEXT = 300;
    private static final File NULL_FILE = new File("/dev/null");

    private final Sources sources;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lifeboat-probe");
        t.setDaemon(true);
        return t;
    });
    /**
     * One client for every http probe (a client per probe costs a selector thread each); each request's timeout
     * bounds its connect and answer. Made for the first http probe: making it sets up TLS, about 0.1 s that every
     * command opening Lifeboat paid before.
     */
    private HttpClient http;

    /** @param sources where {@code sql} probes find their database source */
    public Probes(Sources sources) {
        this.sources = sources;
    }

    /** Runs one probe; never throws for what the probe finds, and returns within its timeout and a moment. */
    public ProbeOutcome run(ProbeSpec probe) {
        long start = System.nanoTime();
        Future<ProbeOutcome> f = threads.submit(() -> check(probe, start));
        try {
            return f.get(probe.timeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new ProbeOutcome.TimedOut(since(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new ProbeOutcome.Failed(text(cause), since(start));
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return new ProbeOutcome.Failed("interrupted", since(start));
        }
    }

    private ProbeOutcome check(ProbeSpec probe, long start) throws Exception {
        if (probe instanceof ProbeSpec.Tcp tcp) {
            return tcp(tcp, start);
        } else if (probe instanceof ProbeSpec.Http http) {
            return http(http, start);
        } else if (probe instanceof ProbeSpec.Sql sql) {
            return sql(sql, start);
        } else if (probe instanceof ProbeSpec.Command command) {
            return command(command, start);
        }
        throw new IllegalArgumentException("unknown probe " + probe.type());
    }

    private static ProbeOutcome tcp(ProbeSpec.Tcp p, long start) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(p.host(), p.port()), millis(p.timeout()));
            return new ProbeOutcome.Passed("connected in " + human(since(start)), since(start));
        } catch (SocketTimeoutException e) {
            return new ProbeOutcome.TimedOut(since(start));
        } catch (UnknownHostException e) {
            return new ProbeOutcome.Failed("unknown host " + p.host(), since(start));
        } catch (ConnectException e) {
            return new ProbeOutcome.Failed("connection refused", since(start));
        } catch (IOException e) {
            return new ProbeOutcome.Failed(text(e), since(start));
        }
    }

    private ProbeOutcome http(ProbeSpec.Http p, long start) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(p.url()).timeout(p.timeout()).GET().build();
        try {
            HttpResponse<String> r = client().send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != p.expectStatus()) {
                return new ProbeOutcome.Failed("HTTP " + r.statusCode() + ", expected " + p.expectStatus(),
                        since(start));
            }
            if (p.expectText() != null && (r.body() == null || !r.body().contains(p.expectText()))) {
                return new ProbeOutcome.Failed("HTTP " + r.statusCode() + " without \"" + p.expectText()
                        + "\" in the body: " + shorten(r.body()), since(start));
            }
            return new ProbeOutcome.Passed("HTTP " + r.statusCode() + " in " + human(since(start)), since(start));
        } catch (HttpTimeoutException e) {
            return new ProbeOutcome.TimedOut(since(start));
        } catch (ConnectException e) {
            return new ProbeOutcome.Failed("connection refused", since(start));
        } catch (IOException e) {
            return new ProbeOutcome.Failed(text(e), since(start));
        }
    }

    private ProbeOutcome sql(ProbeSpec.Sql p, long start) {
        Optional<SourceConfig> sc = sources.find(p.source());
        if (sc.isEmpty()) {
            return new ProbeOutcome.Failed("no source named " + p.source(), since(start));
        }
        try (Source source = sources.open(sc.get())) {
            if (!(source instanceof DumpSource db)) {
                return new ProbeOutcome.Failed("source " + p.source() + " is not a database", since(start));
            }
            List<List<String>> rows = db.query(Map.of(), p.query(), p.timeout());
            String first = rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
            if (first == null || !first.trim().equals(p.expect())) {
                return new ProbeOutcome.Failed("returned " + (rows.isEmpty() ? "no rows" : first) + ", expected "
                        + p.expect(), since(start));
            }
            return new ProbeOutcome.Passed("returned " + first + " in " + human(since(start)), since(start));
        } catch (IOException | RuntimeException e) {
            // a driver reports its statement timeout in its own words; the clock says what happened
            if (since(start).compareTo(p.timeout()) >= 0) {
                return new ProbeOutcome.TimedOut(since(start));
            }
            return new ProbeOutcome.Failed(text(e), since(start));
        }
    }

    private static ProbeOutcome command(ProbeSpec.Command p, long start) throws IOException {
        Path out = Files.createTempFile("lifeboat-probe", ".out");
        try {
            Process process;
            try {
                process = new ProcessBuilder(p.command()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(NULL_FILE))
                        .start();
            } catch (IOException e) {
                return new ProbeOutcome.Failed("cannot start " + p.command().get(0) + ": " + text(e), since(start));
            }
            boolean ended;
            try {
                ended = process.waitFor(p.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                return new ProbeOutcome.TimedOut(since(start));
            }
            if (!ended) {
                kill(process);
                return new ProbeOutcome.TimedOut(since(start));
            }
            int exit = process.exitValue();
            if (exit != p.expectExit()) {
                String said = shorten(Files.readString(out, StandardCharsets.UTF_8));
                return new ProbeOutcome.Failed("exit " + exit + ", expected " + p.expectExit()
                        + (said.isEmpty() ? "" : ": " + said), since(start));
            }
            return new ProbeOutcome.Passed("exit " + exit + " in " + human(since(start)), since(start));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Kills a process and everything it started, and waits a moment for it to go. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    static String text(Throwable e) {
        String m = e.getMessage();
        return shorten(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() <= MAX_TEXT ? one : one.substring(0, MAX_TEXT) + "…";
    }

    /** {@code 12 ms}, {@code 2.0 s}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).executor(threads).build();
        }
        return http;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
