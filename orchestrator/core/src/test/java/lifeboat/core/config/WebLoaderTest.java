package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebLoaderTest {
    @TempDir
    Path dir;

    private LifeboatConfig load(String yaml) throws Exception {
        return new ConfigLoader(PluginRegistry.load(), Map.of("WEB_PW", "ks-secret")::get)
                .load(Files.writeString(dir.resolve("lifeboat.yaml"), yaml));
    }

    @Test
    void withoutWeb_thePagesListenOnLoopback8080() throws Exception {
        WebConfig w = load("dataDir: ./var\n").web();
        assertThat(w).isEqualTo(WebConfig.DEFAULT);
        assertThat(w.baseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(w.tls()).isFalse();
    }

    @Test
    void everyKey_isRead_andTheKeystorePasswordStaysOutOfToString() throws Exception {
        WebConfig w = load("""
                web:
                  listen: 0.0.0.0:8443
                  tls: {keystore: ./web.p12, password: "${env:WEB_PW}"}
                  publicUrl: https://backup.school.lan:8443/
                  report: {login: true, perHour: 3}
                """).web();
        assertThat(w).isEqualTo(new WebConfig("0.0.0.0", 8443, dir.resolve("web.p12"), "ks-secret",
                "https://backup.school.lan:8443/", true, 3));
        assertThat(w.baseUrl()).isEqualTo("https://backup.school.lan:8443");
        assertThat(w.toString()).doesNotContain("ks-secret");
    }

    @Test
    void mistakes_areNamedWithTheirPath() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                web:
                  listen: localhost:http
                  tls: {password: x}
                  publicUrl: backup.school.lan
                  report: {perHour: 0}
                  port: 80
                """));
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(String.join("\n", problems)).contains("web.listen").contains("'localhost:http' is not HOST:PORT")
                .contains("web.tls").contains("keystore").contains("web.publicUrl")
                .contains("is not an http(s):// address").contains("web.report.perHour").contains("at least 1")
                .contains("web.port");
    }
}
