package lifeboat.support.process;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.spi.JobLog;

/**
 * Runs one tool on an SSH host over an exec channel, with {@link ChildProcess}'s contract: stdin and stdout
 * streamed, stderr lines to the log (secrets masked), and a non-zero exit, a signal, a timeout, a dropped
 * connection or a broken stream thrown as an {@link IOException} naming the tool and quoting its last stderr
 * lines.
 *
 * <p>The command line is {@code exec env [-u NAME]... [NAME=value]... 'program' 'arg'...}, every word
 * single-quoted for the remote POSIX shell; {@code exec} makes the tool the channel's process, so closing the
 * channel (on timeout, interrupt or a broken sink) ends the tool itself, after a KILL signal request for servers
 * that honour one. Environment values are on the command line and so never secrets: pass a {@link SecretFile}'s
 * path. Not thread-safe; one instance runs once.
 */
public final class RemoteCommand implements ToolCommand {
    private static final int TAIL_LINES = 15;

    private final Session session;
    private final String description;
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> removedEnvironment = new LinkedHashSet<>();
    private final List<String> secrets = new ArrayList<>();
    private InputStream stdin;
    private OutputStream stdout;
    private JobLog log;
    private Duration timeout;

    public RemoteCommand(Session session, String description, List<String> command) {
        this.session = requireNonNull(session, "session is null");
        this.description = requireNonNull(description, "description is null");
        this.command = List.copyOf(requireNonNull(command, "command is null"));
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
    }

    @Override
    public RemoteCommand env(String name, String value) {
        environment.put(ShellQuote.name(name), requireNonNull(value, "value is null"));
        return this;
    }

    @Override
    public RemoteCommand unsetEnv(String name) {
        removedEnvironment.add(ShellQuote.name(name));
        return this;
    }

    @Override
    public RemoteCommand stdin(InputStream in) {
        this.stdin = requireNonNull(in, "in is null");
        return this;
    }

    @Override
    public RemoteCommand stdout(OutputStream out) {
        this.stdout = requireNonNull(out, "out is null");
        return this;
    }

    @Override
    public RemoteCommand log(JobLog log) {
        this.log = requireNonNull(log, "log is null");
        return this;
    }

    @Override
    public RemoteCommand timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    @Override
    public RemoteCommand secret(String value) {
        if (value != null && !value.isBlank()) {
            secrets.add(value);
        }
        return this;
    }

    /** The exact line the remote shell receives. */
    public String commandLine() {
        var words = new StringBuilder("exec env");
        for (String name : removedEnvironment) {
            words.append(" -u ").append(name);
        }
        for (var e : environment.entrySet()) {
            words.append(' ').append(e.getKey()).append('=').append(ShellQuote.quote(e.getValue()));
        }
        // "--" would be taken by env as the end of its options; a program never starts with '-' or contains '='
        String program = command.get(0);
        if (program.startsWith("-") || program.contains("=")) {
            throw new IllegalArgumentException("not a program name: " + program);
        }
        return words.append(' ').append(ShellQuote.join(command)).toString();
    }

    @Override
    public ChildProcess.Result run() throws IOException {
        requireNonNull(log, "log is null");
        String line = commandLine();
        for (String s : secrets) {
            if (environment.values().stream().anyMatch(v -> v.contains(s))) {
                throw new IllegalStateException(description + ": a secret would be on the remote command line");
            }
        }
        ChannelExec channel;
        InputStream fromOut;
        InputStream fromErr;
        OutputStream toIn;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(line.getBytes(StandardCharsets.UTF_8));
            fromOut = channel.getInputStream();
            fromErr = channel.getExtInputStream();
            toIn = channel.getOutputStream();
            channel.connect((int) Math.min(Integer.MAX_VALUE, Math.max(1, session.getTimeout())));
        } catch (JSchException e) {
            throw new IOException(description + ": cannot start " + command.get(0) + " over SSH: " + mask(e.getMessage()), e);
        }
        var tail = new ArrayDeque<String>();
        var pumpFailure = new AtomicReference<IOException>();
        var threads = new ArrayList<Thread>();
        threads.add(pump("stderr", () -> readLines(fromErr, tail, true)));
        if (stdout != null) {
            threads.add(pump("stdout", () -> copy(fromOut, stdout, channel, pumpFailure, true)));
        } else {
            threads.add(pump("stdout", () -> readLines(fromOut, null, false)));
        }
        Thread stdinPump = null;
        if (stdin != null) {
            stdinPump = pump("stdin", () -> {
                try (OutputStream to = toIn) {
                    copy(stdin, to, channel, pumpFailure, false);
                } catch (IOException ignored) {
                    // the channel closed first; its exit status tells what happened
                }
            });
        } else {
            try {
                toIn.close(); // EOF: the tool's stdin is empty
            } catch (IOException ignored) {
                // a channel that already closed shows in its exit status
            }
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    kill(channel);
                    joinQuietly(threads);
                    throw new IOException(description + ": timed out after " + timeout
                            + "; the remote process was killed" + tailText(tail));
                }
                if (!session.isConnected()) {
                    break;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            kill(channel);
            joinQuietly(threads);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(description + ": interrupted; the remote process was killed");
        }
        joinQuietly(threads);
        if (stdinPump != null) {
            stdinPump.interrupt();
            joinQuietly(List.of(stdinPump));
        }
        int exit = channel.getExitStatus();
        boolean dropped = !channel.isClosed() || !session.isConnected() && exit < 0;
        channel.disconnect();
        IOException failure = pumpFailure.get();
        if (failure != null && exit == 0) {
            throw new IOException(description + ": " + mask(String.valueOf(failure.getMessage())), failure);
        }
        if (exit != 0) {
            String how;
            if (dropped) {
                how = "lost its SSH connection before the remote process ended";
            } else if (exit < 0) {
                how = "ended without an exit status (killed by a signal?)";
            } else if (exit > 128 && exit < 160) {
                how = "was killed by signal " + (exit - 128);
            } else {
                how = "failed with exit code " + exit;
            }
            var e = new IOException(description + ": " + how + tailText(tail));
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        synchronized (tail) {
            return new ChildProcess.Result(exit, List.copyOf(tail));
        }
    }

    private Thread pump(String what, Runnable body) {
        var t = new Thread(body, "ssh-" + what + "-" + command.get(0));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void readLines(InputStream in, Deque<String> tail, boolean warn) {
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = reader.readLine()) != null) {
                if (l.isBlank()) {
                    continue;
                }
                String masked = mask(l);
                if (tail != null) {
                    synchronized (tail) {
                        tail.addLast(masked);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
                if (warn) {
                    log.warn(masked);
                } else {
                    log.info(masked);
                }
            }
        } catch (IOException e) {
            // the channel closed; the exit status tells the story
        }
    }

    private static void copy(InputStream in, OutputStream out, ChannelExec channel,
            AtomicReference<IOException> failure, boolean sinkIsOurs) {
        byte[] buffer = new byte[1 << 16];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                out.write(buffer, 0, n);
            }
            if (!sinkIsOurs) {
                out.flush();
            }
        } catch (IOException e) {
            if (sinkIsOurs || !channel.isClosed()) {
                // a broken sink or source must stop the remote tool, or it would wait on the channel forever
                failure.compareAndSet(null, e);
                kill(channel);
            }
        }
    }

    /** Asks the server to KILL the tool (OpenSSH 7.9+ honours it), then closes the channel, which ends it too. */
    private static void kill(ChannelExec channel) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception ignored) {
            // not supported or already closed: closing the channel below is what counts
        }
        channel.disconnect();
    }

    private static void joinQuietly(List<Thread> threads) {
        for (var t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String tailText(Deque<String> tail) {
        synchronized (tail) {
            if (tail.isEmpty()) {
                return " (no error output)";
            }
            return "; last error output:\n  " + String.join("\n  ", tail);
        }
    }

    private String mask(String text) {
        String masked = String.valueOf(text);
        for (var s : secrets) {
            masked = masked.replace(s, "***");
        }
        return masked;
    }
}
