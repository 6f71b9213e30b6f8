package lifeboat.support.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import lifeboat.support.ssh.testing.SshExecServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command line over SSH on a loopback MINA SSHD server: exit status, output, timeout, and the host key check. */
class SshCommandTest {
    @TempDir
    Path dir;

    SshExecServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SshExecServer(dir.resolve("ssh"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private SshTarget target(Path knownHosts) {
        return new SshTarget("sis", "127.0.0.1", server.port(), SshExecServer.USER,
                Optional.of(SshExecServer.PASSWORD), Optional.empty(), Optional.empty(), knownHosts,
                Duration.ofSeconds(10), "ssh://" + SshExecServer.USER + "@127.0.0.1:" + server.port());
    }

    @Test
    void runsTheLineWithTheShell_andReportsExitAndOutput() throws Exception {
        Path marker = dir.resolve("restarted");

        SshCommand.Result ok = SshCommand.run(target(server.knownHosts()), "echo restarting; touch " + marker,
                Duration.ofSeconds(10));
        SshCommand.Result failed = SshCommand.run(target(server.knownHosts()), "echo unit not found >&2; exit 5",
                Duration.ofSeconds(10));

        assertThat(ok.exit()).isZero();
        assertThat(ok.output()).contains("restarting");
        assertThat(marker).exists();
        assertThat(failed.exit()).isEqualTo(5);
        assertThat(failed.output()).contains("unit not found");
        assertThat(server.commands).contains("echo unit not found >&2; exit 5");
    }

    @Test
    void aCommandThatOverruns_isGivenUpAtItsTimeout() throws Exception {
        SshCommand.Result r = SshCommand.run(target(server.knownHosts()), "sleep 30", Duration.ofMillis(700));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exit()).isNull();
        assertThat(r.took()).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownHostKey_isRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");

        assertThatThrownBy(() -> SshCommand.run(target(empty), "true", Duration.ofSeconds(5)))
                .hasMessageContaining("REFUSED: the host key of 127.0.0.1:" + server.port() + " is not in " + empty);
    }
}
