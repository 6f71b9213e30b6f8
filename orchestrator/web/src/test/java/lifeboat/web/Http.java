package lifeboat.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Plain HTTP against the pages, for what a browser would not send: forged forms, wrong types, huge bodies. */
final class Http {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    String cookie;
    String csrf;

    Http(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> form(String path, Map<String, String> fields) throws IOException, InterruptedException {
        return post(path, "application/x-www-form-urlencoded", encode(fields));
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** Signs in; keeps the session cookie and the CSRF token of the dashboard's forms. */
    Http login(String name, String password) throws IOException, InterruptedException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("password", password);
        HttpResponse<String> r = form("/login", f);
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login of " + name + " answered " + r.statusCode());
        }
        cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        Matcher m = CSRF.matcher(get("/").body());
        csrf = m.find() ? m.group(1) : null;
        return this;
    }
}
