package lifeboat.support.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import lifeboat.spi.JobLog;

/**
 * One run of a dump or restore tool, on this machine ({@link ChildProcess}) or on an SSH host
 * ({@link RemoteCommand}), with the same contract: stdin and stdout streamed, stderr lines to the log with
 * secrets masked, and a non-zero exit, a signal, a timeout or a broken stream thrown as an {@link IOException}
 * that names the tool and quotes its last stderr lines. Secrets are never arguments: pass a path to a
 * {@link SecretFile} instead.
 */
public interface ToolCommand {
    /** An environment variable for the tool; on an SSH host it is written on the command line, so never a secret. */
    ToolCommand env(String name, String value);

    ToolCommand unsetEnv(String name);

    ToolCommand stdin(InputStream in);

    ToolCommand stdout(OutputStream out);

    ToolCommand log(JobLog log);

    ToolCommand timeout(Duration timeout);

    ToolCommand secret(String value);

    ChildProcess.Result run() throws IOException;

    /** The local implementation: a thin wrapper over {@link ChildProcess.Builder}. */
    final class Local implements ToolCommand {
        private final ChildProcess.Builder b;

        Local(ChildProcess.Builder b) {
            this.b = b;
        }

        @Override
        public ToolCommand env(String name, String value) {
            b.env(name, value);
            return this;
        }

        @Override
        public ToolCommand unsetEnv(String name) {
            b.unsetEnv(name);
            return this;
        }

        @Override
        public ToolCommand stdin(InputStream in) {
            b.stdin(in);
            return this;
        }

        @Override
        public ToolCommand stdout(OutputStream out) {
            b.stdout(out);
            return this;
        }

        @Override
        public ToolCommand log(JobLog log) {
            b.log(log);
            return this;
        }

        @Override
        public ToolCommand timeout(Duration timeout) {
            b.timeout(timeout);
            return this;
        }

        @Override
        public ToolCommand secret(String value) {
            b.secret(value);
            return this;
        }

        @Override
        public ChildProcess.Result run() throws IOException {
            return b.run();
        }
    }
}
