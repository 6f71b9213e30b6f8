package lifeboat.core.monitor;

import java.io.IOException;
import lifeboat.core.config.RestartSpec;

/**
 * Runs a system's restart command where it says: over SSH on {@code viaHost} (strict host-key check), or here.
 * Bounded by the spec's timeout: a command that overruns is ended and reported as given up.
 */
@FunctionalInterface
public interface RestartShell {
    /** @throws IOException when the command could not be started at all (no connection, refused host key, login) */
    ShellRun run(RestartSpec spec) throws IOException;
}
