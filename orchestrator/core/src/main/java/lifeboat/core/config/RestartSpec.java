package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code systems[].restart}: a command that restarts the system (the policy's "system reboot" before advanced
 * recovery), run over SSH on {@code viaHost} with the same strict host-key check as every Lifeboat connection, or on
 * this machine when no host is given. {@link #toString()} leaves the secrets out.
 *
 * @param command run by the remote user's shell (over SSH) or {@code sh -c} (here)
 * @param timeout how long the command may take before it is given up
 */
public record RestartSpec(String command, String viaHost, int viaPort, String viaUser, Optional<String> viaPassword,
        Optional<Path> viaPrivateKey, Optional<String> viaPassphrase, Path viaKnownHosts, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public RestartSpec {
        requireNonNull(command, "command is null");
        requireNonNull(viaPassword, "viaPassword is null");
        requireNonNull(viaPrivateKey, "viaPrivateKey is null");
        requireNonNull(viaPassphrase, "viaPassphrase is null");
        requireNonNull(timeout, "timeout is null");
    }

    public boolean remote() {
        return viaHost != null;
    }

    /** Where it runs, for IT's messages: {@code ssh://admin@10.0.0.5:22} or {@code this machine}. */
    public String where() {
        return remote() ? "ssh://" + viaUser + "@" + viaHost + ":" + viaPort : "this machine";
    }

    @Override
    public String toString() {
        return "RestartSpec[" + command + " on " + where() + "]";
    }
}
