package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lifeboat.support.ssh.testing.SshExecServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat incident restart} over SSH (an in-process MINA SSHD server running the commands on this machine)
 * and {@code lifeboat incident monitor} with the resolve it holds back, against a loopback HTTP service that is up
 * while a marker file exists. Unknown and unaffected systems are refused in MonitoringTest.
 */
class IncidentRestartMonitorTest {
    @TempDir
    Path dir;

    SshExecServer ssh;
    HttpServer http;
    Path up;
    Path config;

    @BeforeEach
    void install() throws Exception {
        up = dir.resolve("up");
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/health", this::health);
        http.start();
        ssh = new SshExecServer(dir.resolve("ssh"));
        Files.writeString(dir.resolve("ssh-password"), SshExecServer.PASSWORD);
        String restartVia = "viaHost: 127.0.0.1, viaPort: %d, viaUser: %s, viaPassword: \"${file:./ssh-password}\","
                + " viaKnownHosts: %s, timeout: 20s";
        restartVia = restartVia.formatted(ssh.port(), SshExecServer.USER, ssh.knownHosts());
        String probe = "{type: http, url: \"http://127.0.0.1:%d/health\", expectText: OK, timeout: 10s}"
                .formatted(http.getAddress().getPort());
        config = Cli.install(dir, """
                systems:
                  - name: sis
                    title: Student information system
                    probes: [%1$s]
                    restart: {command: "touch '%2$s'", %3$s}
                  - name: mail
                    title: Email
                    probes: [%1$s]
                    restart: {command: "echo mail is still down; exit 3", %3$s}
                policy:
                  monitorFor: 1h
                  probeEvery: 5m
                """.formatted(probe, up, restartVia));
    }

    private void health(HttpExchange ex) throws IOException {
        boolean ok = Files.exists(up);
        byte[] body = (ok ? "OK" : "down").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(ok ? 200 : 503, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @AfterEach
    void stop() throws IOException {
        ssh.close();
        http.stop(0);
    }

    private Cli.Result lifeboat(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @Test
    void restartOverSsh_thatFixesTheSystem_versusOneThatDoesNot_thenTheWindowHoldsBackResolve() throws Exception {
        Cli.Result open = lifeboat("incident", "open", "--title", "SIS and mail down", "--systems", "sis,mail",
                "--json");
        assertThat(open.code()).as(open.toString()).isZero();
        String id = open.json().get("id").asText();

        Cli.Result unconfirmed = lifeboat("incident", "restart", id, "sis");
        assertThat(unconfirmed.code()).as(unconfirmed.toString()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("run it with --yes to confirm");
        assertThat(up).doesNotExist();

        Cli.Result fixed = lifeboat("incident", "restart", id, "sis", "--yes");
        assertThat(fixed.code()).as(fixed.toString()).isZero();
        assertThat(fixed.out()).contains("restart of sis (touch '" + up + "' on ssh://" + SshExecServer.USER
                + "@127.0.0.1:" + ssh.port() + "): exit 0").contains("1 of 1 probes pass; the system is back");
        assertThat(ssh.commands).contains("touch '" + up + "'");

        Files.delete(up);
        Cli.Result notFixed = lifeboat("incident", "restart", id, "mail", "--yes", "--json");
        assertThat(notFixed.code()).as(notFixed.toString()).isEqualTo(1);
        JsonNode r = notFixed.json();
        assertThat(r.get("exit").asInt()).isEqualTo(3);
        assertThat(r.get("output").asText()).contains("mail is still down");
        assertThat(r.get("back").asBoolean()).isFalse();
        assertThat(r.get("probes").get(0).get("status").asText()).isEqualTo("failed");

        Files.writeString(up, "");
        Cli.Result monitor = lifeboat("incident", "monitor", id, "--for", "2h", "--json");
        assertThat(monitor.code()).as(monitor.toString()).isZero();
        JsonNode w = monitor.json();
        assertThat(w.get("status").asText()).isEqualTo("running");
        assertThat(w.get("probeEveryMs").asLong()).isEqualTo(300_000);
        assertThat(w.get("firstRound")).hasSize(2).allMatch(p -> p.get("status").asText().equals("passed"));

        Cli.Result refused = lifeboat("incident", "resolve", id, "--message", "All back.");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("the monitoring window runs until");

        Cli.Result show = lifeboat("incident", "show", id, "--json");
        assertThat(show.json().get("state").asText()).isEqualTo("monitoring");
        assertThat(show.out()).contains("the system is back").contains("the system is NOT back")
                .contains("monitoring window started");
    }
}
