package lifeboat.cli;

import java.io.IOException;
import java.time.Duration;
import lifeboat.core.config.RestartSpec;
import lifeboat.core.monitor.RestartShell;
import lifeboat.core.monitor.ShellRun;
import lifeboat.support.ssh.SshCommand;
import lifeboat.support.ssh.SshTarget;

/**
 * Runs a system's restart command over SSH on its {@code viaHost} with the plugins' SSH support (strict host-key
 * check against {@code viaKnownHosts}). The core cannot depend on that module (its tests drive the core), so the
 * CLI hands it to the restart service.
 */
final class SshRestartShell implements RestartShell {
    /** How long connecting and logging in may take, within the command's own timeout. */
    private static final Duration CONNECT = Duration.ofSeconds(30);

    @Override
    public ShellRun run(RestartSpec spec) throws IOException {
        Duration connect = spec.timeout().compareTo(CONNECT) < 0 ? spec.timeout() : CONNECT;
        SshTarget target = new SshTarget("restart", spec.viaHost(), spec.viaPort(), spec.viaUser(),
                spec.viaPassword(), spec.viaPrivateKey(), spec.viaPassphrase(), spec.viaKnownHosts(), connect,
                spec.where());
        SshCommand.Result r = SshCommand.run(target, spec.command(), spec.timeout());
        return new ShellRun(r.exit(), r.output(), r.timedOut(), r.took());
    }
}
