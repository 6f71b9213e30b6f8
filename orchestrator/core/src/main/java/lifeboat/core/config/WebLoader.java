package lifeboat.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code web}: {@code listen: HOST:PORT}, {@code tls: {keystore, password}}, {@code publicUrl}, {@code report}. */
final class WebLoader {
    private static final Set<String> KEYS = Set.of("listen", "tls", "publicUrl", "report");

    private WebLoader() {
    }

    static WebConfig load(LoadContext c, Node node) {
        YamlNodes y = c.y();
        WebConfig d = WebConfig.DEFAULT;
        Map<String, Node> m = y.mapping("web", node, KEYS);
        String host = d.host();
        int port = d.port();
        if (m.containsKey("listen")) {
            String listen = y.scalar("web.listen", m.get("listen"));
            if (listen != null) {
                int colon = listen.lastIndexOf(':');
                String p = colon < 0 ? listen : listen.substring(colon + 1);
                host = colon < 0 ? host : listen.substring(0, colon).replace("[", "").replace("]", "");
                try {
                    port = Integer.parseInt(p);
                    if (port < 0 || port > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    y.problem("web.listen", m.get("listen"), "'" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
                }
                if (host.isBlank()) {
                    y.problem("web.listen", m.get("listen"), "give the address to listen on (e.g. 0.0.0.0:8080)");
                }
            }
        }
        Path keystore = null;
        String password = null;
        if (m.containsKey("tls")) {
            Map<String, Node> t = y.mapping("web.tls", m.get("tls"), Set.of("keystore", "password"));
            String ks = t.containsKey("keystore") ? y.scalar("web.tls.keystore", t.get("keystore")) : null;
            if (ks == null) {
                y.problem("web.tls", m.get("tls"), "give keystore: the PKCS12 file with the certificate and its key");
            } else {
                keystore = c.base().resolve(c.expand("web.tls.keystore", t.get("keystore"), ks)).normalize();
            }
            String pw = t.containsKey("password") ? y.scalar("web.tls.password", t.get("password")) : null;
            password = pw == null ? null : c.expand("web.tls.password", t.get("password"), pw);
        }
        String publicUrl = null;
        if (m.containsKey("publicUrl")) {
            publicUrl = y.scalar("web.publicUrl", m.get("publicUrl"));
            if (publicUrl != null && !validUrl(publicUrl)) {
                y.problem("web.publicUrl", m.get("publicUrl"), "'" + publicUrl + "' is not an http(s):// address");
            }
        }
        boolean reportLogin = d.reportNeedsLogin();
        int perHour = d.reportsPerHour();
        if (m.containsKey("report")) {
            Map<String, Node> r = y.mapping("web.report", m.get("report"), Set.of("login", "perHour"));
            if (r.containsKey("login")) {
                reportLogin = Boolean.TRUE.equals(y.bool("web.report.login", r.get("login")));
            }
            if (r.containsKey("perHour")) {
                Long n = y.integer("web.report.perHour", r.get("perHour"));
                if (n != null && n < 1) {
                    y.problem("web.report.perHour", r.get("perHour"), "must be at least 1");
                } else if (n != null) {
                    perHour = n.intValue();
                }
            }
        }
        return new WebConfig(host, port, keystore, password, publicUrl, reportLogin, perHour);
    }

    private static boolean validUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
