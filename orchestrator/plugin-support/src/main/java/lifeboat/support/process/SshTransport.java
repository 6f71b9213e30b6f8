package lifeboat.support.process;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs the tool on an SSH host over an exec channel of an open session. The command line is
 * {@code exec env [-u NAME]... [NAME=value]... 'program' 'arg'...}, every word single-quoted for the remote POSIX
 * shell; {@code exec} makes the tool the channel's process, so closing the channel (on timeout, interrupt or a
 * broken stream) ends the tool itself, after a KILL signal request for servers that honour one. Environment
 * values are on the command line and so never secrets.
 */
final class SshTransport implements Transport {
    private final Session session;

    SshTransport(Session session) {
        this.session = requireNonNull(session, "session is null");
    }

    /** The exact line the remote shell receives. */
    static String commandLine(Spec spec) {
        var words = new StringBuilder("exec env");
        for (String name : spec.removedEnvironment()) {
            words.append(" -u ").append(ShellQuote.name(name));
        }
        for (var e : spec.environment().entrySet()) {
            words.append(' ').append(ShellQuote.name(e.getKey())).append('=').append(ShellQuote.quote(e.getValue()));
        }
        // "--" would be taken by env as the end of its options; a program never starts with '-' or contains '='
        String program = spec.program();
        if (program.startsWith("-") || program.contains("=")) {
            throw new IllegalArgumentException("not a program name: " + program);
        }
        return words.append(' ').append(ShellQuote.join(spec.command())).toString();
    }

    @Override
    public Running start(Spec spec) throws IOException {
        String line = commandLine(spec);
        for (String s : spec.secrets()) {
            if (spec.environment().values().stream().anyMatch(v -> v.contains(s))) {
                throw new IllegalStateException(spec.description() + ": a secret would be on the remote command line");
            }
        }
        try {
            var channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(line.getBytes(StandardCharsets.UTF_8));
            var exec = new Exec(session, channel, channel.getInputStream(), channel.getExtInputStream(),
                    channel.getOutputStream());
            channel.connect((int) Math.min(Integer.MAX_VALUE, Math.max(1, session.getTimeout())));
            if (!spec.stdin()) {
                closeQuietly(exec.stdin()); // EOF: the tool's stdin is empty
            }
            return exec;
        } catch (JSchException e) {
            throw new IOException(spec.description() + ": cannot start " + spec.program() + " over SSH: "
                    + spec.mask(e.getMessage()), e);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // a channel that already closed shows in its exit status
        }
    }

    private record Exec(Session session, ChannelExec channel, InputStream stdout, InputStream stderr,
            OutputStream stdin) implements Running {
        @Override
        public String kind() {
            return "remote process";
        }

        /** Polls: JSch has no blocking wait for a channel's end. A dropped session ends the wait too. */
        @Override
        public boolean waitFor(Duration timeout) throws InterruptedException {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            while (!channel.isClosed() && session.isConnected()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        @Override
        public boolean alive() {
            return !channel.isClosed();
        }

        /** Asks the server to KILL the tool (OpenSSH 7.9+ honours it), then closes the channel, which ends it too. */
        @Override
        public void kill() {
            try {
                channel.sendSignal("KILL");
            } catch (Exception ignored) {
                // not supported or already closed: closing the channel below is what counts
            }
            channel.disconnect();
        }

        @Override
        public String finish() {
            int exit = channel.getExitStatus();
            boolean dropped = !channel.isClosed() || !session.isConnected() && exit < 0;
            channel.disconnect();
            if (exit == 0) {
                return null;
            }
            if (dropped) {
                return "lost its SSH connection before the remote process ended";
            }
            return exit < 0 ? "ended without an exit status (killed by a signal?)" : Transport.exitText(exit);
        }
    }
}
