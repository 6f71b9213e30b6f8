package lifeboat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.Role;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code web.tls}: HTTPS from a PKCS12 keystore, and the session cookie marked Secure. */
class WebTlsTest {
    @TempDir
    Path dir;

    @Test
    void withAKeystore_thePagesAreServedOverHttps_andTheCookieIsSecure() throws Exception {
        Path keystore = dir.resolve("web.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "keystore-pass").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        Files.writeString(dir.resolve("pass"), "keystore-pass");
        Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                web:
                  listen: 127.0.0.1:0
                  tls:
                    keystore: ./web.p12
                    password: ${file:./pass}
                """);
        PluginRegistry plugins = PluginRegistry.load();
        var config = new ConfigLoader(plugins, Map.<String, String>of()::get).load(dir.resolve("lifeboat.yaml"));
        assertThat(config.web().toString()).doesNotContain("keystore-pass");
        try (Lifeboat lb = Lifeboat.open(config, plugins);
                WebServer web = WebServer.start(lb, config.web(), null)) {
            lb.users().add("olivia", Role.OPERATOR, "a long enough secret".toCharArray());
            assertThat(web.url()).startsWith("https://127.0.0.1:");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(keystore.toFile())) {
                trust.load(in, "keystore-pass".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(web.url() + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"catalog\",\"status\":\"UP\"}]}");
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(web.url() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=olivia&password=a+long+enough+secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure")
                    .containsIgnoringCase("HttpOnly");
        }
    }
}
