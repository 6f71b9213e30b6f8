package lifeboat.support.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import lifeboat.spi.JobLog;

/**
 * One run of a dump or restore tool, on this machine or on an SSH host ({@link ToolHost#command}), with one
 * contract: stdin and stdout streamed, stderr lines to the log with secrets masked, and a non-zero exit, a
 * signal, a timeout, a dropped connection or a broken stream thrown as an {@link IOException} that names the
 * tool and quotes its last stderr lines.
 *
 * <p>Secrets are never arguments (they would show in {@code ps}): pass them in the environment of a local tool or
 * as a path to a {@link SecretFile}, and name the secret with {@link #secret} so it is masked should a tool echo it. On timeout or when the calling thread is
 * interrupted, the tool is killed before {@link #run()} returns.
 *
 * <p>Not thread-safe; one instance runs once. The stdout sink is written from a pump thread and must not be
 * touched by the caller until {@link #run()} returns.
 */
public interface ToolCommand {
    /**
     * An environment variable for the tool. On this machine it is in the child's environment only (readable by the
     * same user alone) and may hold a password named with {@link #secret}; on an SSH host it is written on the
     * command line, so there a secret is refused.
     */
    ToolCommand env(String name, String value);

    /** Removes an inherited variable, e.g. a {@code PGPASSWORD} of the daemon's own environment. */
    ToolCommand unsetEnv(String name);

    /** Copied to the tool's stdin, which is then closed. Without it the tool's stdin is at end of file. */
    ToolCommand stdin(InputStream in);

    /** Receives the tool's stdout; not closed. Without it stdout lines go to the log as info. */
    ToolCommand stdout(OutputStream out);

    ToolCommand log(JobLog log);

    /** Kill the tool when it runs longer than this; none by default. */
    ToolCommand timeout(Duration timeout);

    /** A value to mask as {@code ***} in anything logged or thrown; blank values are ignored. */
    ToolCommand secret(String value);

    /**
     * Runs the tool and waits for it.
     *
     * @throws InterruptedIOException when the calling thread was interrupted (the tool is killed, the interrupt
     *     flag set again)
     * @throws IOException when the tool cannot be started, on a non-zero exit, death by signal, timeout, a lost
     *     connection, or a failure of the stdin source or stdout sink
     */
    Result run() throws IOException;

    /** How a finished tool ended; only successful runs return one. */
    record Result(int exitCode, List<String> stderrTail) {
        public Result {
            requireNonNull(stderrTail, "stderrTail is null");
            stderrTail = List.copyOf(stderrTail);
        }
    }
}
