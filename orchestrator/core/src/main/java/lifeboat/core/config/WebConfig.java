package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * {@code web}: where the web pages are served.
 *
 * @param host the address listened on; loopback unless configured
 * @param keystore a PKCS12 keystore with the TLS certificate and key, or null for plain HTTP
 * @param keystorePassword the keystore's password (a secret reference in the file), or null
 * @param publicUrl the address people reach the pages at, for links in messages; null: built from host and port
 * @param reportNeedsLogin whether {@code /report} asks for a login first
 * @param reportsPerHour how many problem reports one client address may send in an hour
 */
public record WebConfig(String host, int port, Path keystore, String keystorePassword, String publicUrl,
        boolean reportNeedsLogin, int reportsPerHour) {
    public static final WebConfig DEFAULT = new WebConfig("127.0.0.1", 8080, null, null, null, false, 5);

    public WebConfig {
        requireNonNull(host, "host is null");
    }

    public boolean tls() {
        return keystore != null;
    }

    /** The address for links: {@code publicUrl}, else what is listened on. */
    public String baseUrl() {
        if (publicUrl != null) {
            return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        return (tls() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The same with another address and port (a test's free port). */
    public WebConfig listening(String newHost, int newPort) {
        return new WebConfig(newHost, newPort, keystore, keystorePassword, publicUrl, reportNeedsLogin, reportsPerHour);
    }

    @Override
    public String toString() { // the keystore password stays out of logs
        return "WebConfig[" + host + ":" + port + (tls() ? " tls " + keystore : "") + "]";
    }
}
