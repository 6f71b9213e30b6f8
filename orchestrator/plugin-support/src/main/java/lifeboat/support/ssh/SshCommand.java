package lifeboat.support.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs one command line with the remote user's shell on an SSH server (an exec channel), for an administrator's
 * command such as {@code systemctl restart postgresql}: the connection checks the host key strictly
 * ({@link SshTarget}), the command is bounded by a timeout, after which the server is asked to KILL it and the
 * channel is closed. What it printed (stdout and stderr together) is kept, its last 8 KiB.
 */
public final class SshCommand {
    private static final int KEEP = 8 * 1024;

    private SshCommand() {
    }

    /**
     * How the command ended.
     *
     * @param exit its exit status; null when it was given up (timed out) or ended without one
     * @param output the end of what it printed
     */
    public record Result(Integer exit, String output, boolean timedOut, Duration took) {
    }

    /**
     * Runs {@code commandLine} on {@code target}.
     *
     * @throws IOException when the connection or login fails or the host key is refused (the message says which)
     */
    public static Result run(SshTarget target, String commandLine, Duration timeout) throws IOException {
        long start = System.nanoTime();
        Session session = target.connect(target.newJSch());
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(commandLine.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream(); // synchronized: JSch writes from its own thread
            channel.setInputStream(null);
            channel.setOutputStream(out, true);
            channel.setErrStream(out, true);
            channel.connect(target.timeoutMillis());
            long deadline = start + timeout.toNanos();
            boolean ended = true;
            // polling: JSch has no blocking wait for a channel's end; a dropped session ends the wait too
            while (!channel.isClosed() && session.isConnected()) {
                if (System.nanoTime() > deadline) {
                    ended = false;
                    break;
                }
                Thread.sleep(20);
            }
            if (!ended) {
                try {
                    channel.sendSignal("KILL");
                } catch (Exception ignored) {
                    // not supported or already closed: closing the channel is what counts
                }
            }
            int exit = channel.getExitStatus();
            channel.disconnect();
            return new Result(ended && exit >= 0 ? exit : null, tail(out), !ended,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (JSchException e) {
            throw new IOException(target.name() + ": cannot run a command on " + target.location() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(target.name() + ": interrupted while the command ran on "
                    + target.location());
        } finally {
            session.disconnect();
        }
    }

    private static String tail(ByteArrayOutputStream out) {
        String s = out.toString(StandardCharsets.UTF_8);
        return s.length() <= KEEP ? s : s.substring(s.length() - KEEP);
    }
}
