package lifeboat.support.process;

import static java.util.Objects.requireNonNull;

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
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.spi.JobLog;

/**
 * The one {@link ToolCommand}: pumps the streams, keeps stderr's last lines for the message, masks secrets,
 * enforces the timeout and turns the way the tool ended into an exception, whichever {@link Transport} ran it.
 */
final class ToolRun implements ToolCommand {
    private static final int TAIL_LINES = 15;
    /** How long a tool that has ended leaves its stdin pump to finish the read it is in. */
    private static final Duration STDIN_GRACE = Duration.ofSeconds(10);

    private final Transport transport;
    private final String description;
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> removedEnvironment = new LinkedHashSet<>();
    private final List<String> secrets = new ArrayList<>();
    private InputStream stdin;
    private OutputStream stdout;
    private JobLog log;
    private Duration timeout;

    ToolRun(Transport transport, String description, List<String> command) {
        this.transport = requireNonNull(transport, "transport is null");
        this.description = requireNonNull(description, "description is null");
        this.command = List.copyOf(requireNonNull(command, "command is null"));
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
    }

    @Override
    public ToolCommand env(String name, String value) {
        environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
        return this;
    }

    @Override
    public ToolCommand unsetEnv(String name) {
        removedEnvironment.add(requireNonNull(name, "name is null"));
        return this;
    }

    @Override
    public ToolCommand stdin(InputStream in) {
        this.stdin = requireNonNull(in, "in is null");
        return this;
    }

    @Override
    public ToolCommand stdout(OutputStream out) {
        this.stdout = requireNonNull(out, "out is null");
        return this;
    }

    @Override
    public ToolCommand log(JobLog log) {
        this.log = requireNonNull(log, "log is null");
        return this;
    }

    @Override
    public ToolCommand timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    @Override
    public ToolCommand secret(String value) {
        if (value != null && !value.isBlank()) {
            secrets.add(value);
        }
        return this;
    }

    @Override
    public Result run() throws IOException {
        requireNonNull(log, "log is null");
        var spec = new Transport.Spec(description, command, Collections.unmodifiableMap(environment),
                Collections.unmodifiableSet(removedEnvironment), List.copyOf(secrets), stdin != null);
        Transport.Running tool = transport.start(spec);
        var tail = new ArrayDeque<String>();
        var pumpFailure = new AtomicReference<IOException>();
        var threads = new ArrayList<Thread>();
        threads.add(pump("stderr", () -> readLines(spec, tool.stderr(), tail, true)));
        if (stdout != null) {
            threads.add(pump("stdout", () -> copy(tool.stdout(), stdout, tool, pumpFailure, true)));
        } else {
            threads.add(pump("stdout", () -> readLines(spec, tool.stdout(), null, false)));
        }
        Thread stdinPump = null;
        if (stdin != null) {
            stdinPump = pump("stdin", () -> {
                try (OutputStream toTool = tool.stdin()) {
                    copy(stdin, toTool, tool, pumpFailure, false);
                } catch (IOException ignored) {
                    // closing a pipe the tool already closed; its exit status tells what happened
                }
            });
        }
        boolean ended;
        try {
            ended = tool.waitFor(timeout);
        } catch (InterruptedException e) {
            tool.kill();
            joinQuietly(threads);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(description + ": interrupted; the " + tool.kind() + " was killed");
        }
        if (!ended) {
            tool.kill();
            joinQuietly(threads);
            throw new IOException(description + ": timed out after " + timeout + "; the " + tool.kind()
                    + " was killed" + tailText(tail));
        }
        joinQuietly(threads);
        if (stdinPump != null) {
            // A tool may end before it has read all of stdin (pg_restore at its archive's end, or on an error): the
            // pump then stops at its next write, on the closed pipe. It is interrupted only when its source blocks
            // longer than that, since an interrupt in the middle of a read breaks a source that hands its bytes to a
            // thread of its own (the stored object's SHA-256), and the caller still reads that source to its end.
            joinQuietly(List.of(stdinPump), STDIN_GRACE);
            if (stdinPump.isAlive()) {
                stdinPump.interrupt();
                joinQuietly(List.of(stdinPump));
            }
        }
        String how = tool.finish();
        IOException failure = pumpFailure.get();
        if (failure != null && how == null) {
            throw new IOException(description + ": " + spec.mask(failure.getMessage()), failure);
        }
        if (how != null) {
            var e = new IOException(description + ": " + how + tailText(tail));
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        synchronized (tail) {
            return new Result(0, List.copyOf(tail));
        }
    }

    private Thread pump(String what, Runnable body) {
        var t = new Thread(body, "tool-" + what + "-" + command.get(0));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void readLines(Transport.Spec spec, InputStream in, Deque<String> tail, boolean warn) {
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String masked = spec.mask(line);
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
            // the tool was killed and its pipe closed; the exit status tells the story
        }
    }

    private static void copy(InputStream in, OutputStream out, Transport.Running tool,
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
            if (sinkIsOurs || tool.alive()) {
                // a broken sink or source must stop the tool, or it would block on a full pipe forever
                failure.compareAndSet(null, e);
                tool.kill();
            }
        }
    }

    private static void joinQuietly(List<Thread> threads) {
        joinQuietly(threads, Duration.ofSeconds(30));
    }

    private static void joinQuietly(List<Thread> threads, Duration each) {
        for (var t : threads) {
            try {
                t.join(each.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String tailText(Deque<String> tail) {
        synchronized (tail) {
            if (tail.isEmpty()) {
                return " (no error output)";
            }
            return "; last error output:\n  " + String.join("\n  ", tail);
        }
    }
}
