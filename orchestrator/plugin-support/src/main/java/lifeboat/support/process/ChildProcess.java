package lifeboat.support.process;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.spi.JobLog;

/**
 * Runs one external tool (a dump or restore client) to completion, streaming its stdin and stdout, sending its
 * stderr lines to a {@link JobLog} and turning every kind of failure into an {@link IOException} that says what
 * ran, how it ended and what it last printed.
 *
 * <p>Secrets must never be arguments (they would show in {@code ps}); pass them through the environment or a
 * file, and name them with {@link Builder#secret} so they are masked should a tool echo them. On timeout or
 * when the calling thread is interrupted, the child and its descendants are killed before the method returns.
 *
 * <p>Not thread-safe; one instance runs one process once. The stdout sink is written from a pump thread and
 * must not be touched by the caller until {@link #run()} returns.
 */
public final class ChildProcess {
    private static final int TAIL_LINES = 15;

    private final String description;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Set<String> removedEnvironment;
    private final Path directory;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final JobLog log;
    private final Duration timeout;
    private final List<String> secrets;

    private ChildProcess(Builder b) {
        this.description = b.description;
        this.command = List.copyOf(b.command);
        this.environment = Map.copyOf(b.environment);
        this.removedEnvironment = Set.copyOf(b.removedEnvironment);
        this.directory = b.directory;
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.log = b.log;
        this.timeout = b.timeout;
        this.secrets = List.copyOf(b.secrets);
    }

    /**
     * Starts describing a child process.
     *
     * @param description what the process does, for messages, e.g. {@code pg_dump of database 'sis' on db1:5432}
     * @param command the executable and its arguments; never a secret
     */
    public static Builder builder(String description, List<String> command) {
        return new Builder(description, command);
    }

    /** How a finished child ended; only successful runs return one. */
    public record Result(int exitCode, List<String> stderrTail) {
        public Result {
            stderrTail = List.copyOf(stderrTail);
        }
    }

    /** The executable could not be started: missing, or not executable. */
    public static final class StartException extends IOException {
        private StartException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** Collects the settings of one child process. */
    public static final class Builder {
        private final String description;
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Set<String> removedEnvironment = new java.util.HashSet<>();
        private final List<String> secrets = new ArrayList<>();
        private Path directory;
        private InputStream stdin;
        private OutputStream stdout;
        private JobLog log;
        private Duration timeout;

        private Builder(String description, List<String> command) {
            this.description = requireNonNull(description, "description is null");
            this.command = List.copyOf(requireNonNull(command, "command is null"));
            if (this.command.isEmpty()) {
                throw new IllegalArgumentException("command is empty");
            }
        }

        public Builder env(String name, String value) {
            environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** Removes an inherited variable, e.g. a {@code PGPASSWORD} of the daemon's own environment. */
        public Builder unsetEnv(String name) {
            removedEnvironment.add(requireNonNull(name, "name is null"));
            return this;
        }

        public Builder directory(Path directory) {
            this.directory = requireNonNull(directory, "directory is null");
            return this;
        }

        /** Copied to the child's stdin, which is then closed. Without it the child's stdin is at end of file. */
        public Builder stdin(InputStream in) {
            this.stdin = requireNonNull(in, "in is null");
            return this;
        }

        /** Receives the child's stdout; not closed. Without it stdout lines go to the log as info. */
        public Builder stdout(OutputStream out) {
            this.stdout = requireNonNull(out, "out is null");
            return this;
        }

        public Builder log(JobLog log) {
            this.log = requireNonNull(log, "log is null");
            return this;
        }

        /** Kill the child when it runs longer than this; none by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** A value to mask as {@code ***} in anything logged or thrown; blank values are ignored. */
        public Builder secret(String value) {
            if (value != null && !value.isBlank()) {
                secrets.add(value);
            }
            return this;
        }

        /** Runs the process to completion; see {@link ChildProcess#run()}. */
        public Result run() throws IOException {
            requireNonNull(log, "log is null");
            return new ChildProcess(this).run();
        }
    }

    /**
     * Runs the child and waits for it.
     *
     * @throws StartException when the executable cannot be started
     * @throws InterruptedIOException when the calling thread was interrupted (the child is killed, the interrupt
     *     flag set again)
     * @throws IOException on a non-zero exit, death by signal, timeout, or a failure of the stdin source or
     *     stdout sink; the message names the process and quotes its last stderr lines
     */
    public Result run() throws IOException {
        var pb = new ProcessBuilder(command);
        removedEnvironment.forEach(pb.environment()::remove);
        pb.environment().putAll(environment);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new StartException(description + ": cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        var tail = new ArrayDeque<String>();
        var pumpFailure = new AtomicReference<IOException>();
        var threads = new ArrayList<Thread>();
        threads.add(pump("stderr", () -> readLines(process.getErrorStream(), tail, true)));
        if (stdout != null) {
            threads.add(pump("stdout", () -> copy(process.getInputStream(), stdout, process, pumpFailure, true)));
        } else {
            threads.add(pump("stdout", () -> readLines(process.getInputStream(), null, false)));
        }
        Thread stdinPump = null;
        if (stdin != null) {
            stdinPump = pump("stdin", () -> {
                try (OutputStream toChild = process.getOutputStream()) {
                    copy(stdin, toChild, process, pumpFailure, false);
                } catch (IOException ignored) {
                    // closing a pipe the child already closed; its exit status tells what happened
                }
            });
        }
        boolean finished;
        try {
            finished = timeout == null
                    ? waitForever(process)
                    : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            joinQuietly(threads);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(description + ": interrupted; the process was killed");
        }
        if (!finished) {
            kill(process);
            joinQuietly(threads);
            throw new IOException(description + ": timed out after " + timeout + "; the process was killed"
                    + tailText(tail));
        }
        joinQuietly(threads);
        if (stdinPump != null) {
            // the child may exit without reading all of stdin (an error); do not wait for a source that blocks
            stdinPump.interrupt();
            joinQuietly(List.of(stdinPump));
        }
        int exit = process.exitValue();
        IOException failure = pumpFailure.get();
        if (failure != null && exit == 0) {
            throw new IOException(description + ": " + mask(String.valueOf(failure.getMessage())), failure);
        }
        if (exit != 0) {
            String how = exit > 128 && exit < 160
                    ? "was killed by signal " + (exit - 128)
                    : "failed with exit code " + exit;
            var e = new IOException(description + ": " + how + tailText(tail));
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        synchronized (tail) {
            return new Result(exit, List.copyOf(tail));
        }
    }

    private static boolean waitForever(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    private Thread pump(String what, Runnable body) {
        var t = new Thread(body, "child-" + what + "-" + command.get(0));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void readLines(InputStream in, Deque<String> tail, boolean warn) {
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String masked = mask(line);
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
            // the process was killed and its pipe closed; the exit status tells the story
        }
    }

    private static void copy(
            InputStream in, OutputStream out, Process process, AtomicReference<IOException> failure,
            boolean sinkIsOurs) {
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
            if (sinkIsOurs || process.isAlive()) {
                // a broken sink must stop the child, or it would block on a full pipe forever
                failure.compareAndSet(null, e);
                kill(process);
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(List<Thread> threads) {
        for (var t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
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
        String masked = text;
        for (var s : secrets) {
            masked = masked.replace(s, "***");
        }
        return masked;
    }
}
