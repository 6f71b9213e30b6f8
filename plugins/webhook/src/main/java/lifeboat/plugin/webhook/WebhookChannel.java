package lifeboat.plugin.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import lifeboat.spi.Channel;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;

/**
 * POSTs each notice as JSON to one URL. The URL's path and query and the header values are secrets: they are sent,
 * but never shown; {@link #location()} and every message name only scheme, host and port.
 */
final class WebhookChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ANSWER_CHARS = 500;
    /** Enough bytes for {@link #ANSWER_CHARS} characters of UTF-8, whatever the script. */
    private static final int ANSWER_BYTES = 4 * ANSWER_CHARS;

    private final String name;
    private final URI url;
    private final Format format;
    private final List<Header> headers;
    private final Duration timeout;
    private final String location;
    private final List<String> secrets;
    private final HttpClient client;

    WebhookChannel(String name, URI url, Format format, List<Header> headers, Duration timeout) {
        this.name = name;
        this.url = url;
        this.format = format;
        this.headers = List.copyOf(headers);
        this.timeout = timeout;
        this.location = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost()
                + (url.getPort() == -1 ? "" : ":" + url.getPort());
        this.secrets = secrets(url, headers);
        this.client = HttpClient.newBuilder()
                // A redirect would carry the message and the headers (tokens) to a host nobody configured.
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                // HTTP/2 over plain http means an h2c upgrade some proxies and small servers mishandle; a webhook
                // gains nothing from HTTP/2.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Delivery send(Notice notice) throws IOException {
        HttpRequest request = request(JSON.writeValueAsBytes(format.render(notice)));
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(request, info -> new BoundedText(ANSWER_BYTES));
        HttpResponse<String> response;
        try {
            // The request timeout only covers the wait for the status line; this bounds reading the body too.
            response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(this + ": interrupted while sending");
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IOException(this + ": no answer within " + human(timeout));
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        return delivery(response);
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!configured("Content-Type")) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        if (!configured("User-Agent")) {
            b.header("User-Agent", "Lifeboat/0.1");
        }
        headers.forEach(h -> b.header(h.name(), h.value()));
        return b.build();
    }

    private boolean configured(String header) {
        return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(header));
    }

    private Delivery delivery(HttpResponse<String> response) throws IOException {
        int status = response.statusCode();
        String body = clip(redact(response.body()));
        String answer = "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
        if (status >= 200 && status < 300) {
            return new Delivery(answer);
        }
        if (status >= 300 && status < 400) {
            // The Location header is not shown: it may well hold a token too.
            throw new IOException(this + ": HTTP " + status + " redirect refused (give the final URL)");
        }
        throw new IOException(this + ": " + answer);
    }

    /**
     * An IOException of our own wording. The HTTP client's exceptions often quote the full URI, so none is attached
     * as cause (a logged stack trace would show it) and their text is used only with the secrets cut out.
     */
    private IOException failure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new IOException(this + ": cannot connect: no answer within " + human(timeout));
        }
        if (cause instanceof HttpTimeoutException) {
            return new IOException(this + ": no answer within " + human(timeout));
        }
        if (inChain(cause, UnresolvedAddressException.class) || inChain(cause, UnknownHostException.class)) {
            return new IOException(this + ": cannot connect: unknown host " + url.getHost());
        }
        if (cause instanceof ConnectException) {
            // ConnectException means the connection was refused; the client often leaves its message empty.
            return new IOException(this + ": cannot connect: " + reason(cause, "Connection refused"));
        }
        if (cause instanceof SSLException) {
            return new IOException(this + ": TLS failed: " + reason(cause, cause.getClass().getSimpleName()));
        }
        return new IOException(this + ": " + reason(cause, cause.getClass().getSimpleName()));
    }

    private static boolean inChain(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The first non-blank message in the cause chain, secrets removed, or the fallback. */
    private String reason(Throwable t, String fallback) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return clip(redact(c.getMessage()));
            }
        }
        return fallback;
    }

    /** Every form in which the URL's secret parts or a header value could turn up in a text, longest first. */
    private static List<String> secrets(URI url, List<Header> headers) {
        List<String> s = new ArrayList<>();
        s.add(url.toString());
        s.add(url.getRawPath());
        s.add(url.getPath());
        s.add(url.getRawQuery());
        s.add(url.getQuery());
        s.add(url.getRawFragment());
        s.add(url.getFragment());
        for (Header h : headers) {
            s.add(h.value());
            // "Bearer <token>": a server may echo the token alone
            s.add(h.value().substring(h.value().lastIndexOf(' ') + 1));
        }
        // "/" alone is no secret, and cutting it would garble every message
        s.removeIf(x -> x == null || x.length() < 2);
        s.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(s);
    }

    private String redact(String text) {
        String t = text;
        for (String s : secrets) {
            t = t.replace(s, "***");
        }
        return t;
    }

    /** One line of at most {@link #ANSWER_CHARS} characters, so that an HTML error page stays readable in a log. */
    private static String clip(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= ANSWER_CHARS ? t : t.substring(0, ANSWER_CHARS) + "…";
    }

    /** 10s, 1m30s, 0.5s: as the configuration would write it. */
    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        // Java 17's HttpClient has no close(); its threads end once the client is unreachable.
    }

    @Override
    public String toString() {
        return "webhook channel " + name + " (" + location + ")";
    }
}
