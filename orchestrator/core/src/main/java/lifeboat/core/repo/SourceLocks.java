package lifeboat.core.repo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Never two runs on one source at once, whichever processes start them: a daemon's jobs and {@code lifeboat backup},
 * {@code verify}, {@code copy}, {@code restore}, {@code trial-restore} and {@code recover} by hand (a backup refuses
 * when the source is busy; the others wait, see {@link #await}). Three locks, taken in order: a fair lock per source in this JVM; an OS file lock on
 * {@code dataDir/locks/<source>.lock}, which holds the owner's pid, start time and activity for the message and is
 * dropped by the OS when its process dies, even by kill -9; on a PostgreSQL catalog also a session advisory lock,
 * so daemons of a cluster on other machines exclude each other too. A thread that already holds a source's lock
 * (a daemon job whose action is a backup) takes it again at no cost. Thread-safe.
 */
public final class SourceLocks {
    private static final Logger LOG = LoggerFactory.getLogger(SourceLocks.class);
    /** Per lock file, for every SourceLocks of this JVM: the OS lock belongs to the process, not the channel. */
    private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();

    private final Path dir;
    private final String postgresUrl;

    /** @param postgresUrl the catalog's URL when it is PostgreSQL, else null */
    public SourceLocks(Path dataDir, String postgresUrl) {
        this.dir = dataDir.resolve("locks");
        this.postgresUrl = postgresUrl;
    }

    /** A source's lock is taken: what holds it, for the message. */
    public static final class Busy extends IllegalStateException {
        Busy(String message) {
            super(message);
        }
    }

    /** A held lock; {@code waited} is how long the caller had to wait, and {@code waitedFor} for whom (or null). */
    public record Held(String source, Duration waited, String waitedFor, boolean nested, Connection advisory,
            Slot slot) implements AutoCloseable {
        @Override
        public void close() {
            slot.release(this);
        }
    }

    /** One source's locks in this JVM. */
    static final class Slot {
        private final ReentrantLock lock = new ReentrantLock(true);
        private FileChannel channel;
        private FileLock fileLock;
        private volatile String holder;

        private void release(Held h) {
            try {
                if (!h.nested()) {
                    holder = null;
                    closeAdvisory(h.advisory());
                    try {
                        if (fileLock != null) {
                            fileLock.release();
                        }
                        if (channel != null) {
                            channel.close();
                        }
                    } catch (IOException ignored) {
                        // closing the channel drops the lock either way
                    } finally {
                        fileLock = null;
                        channel = null;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Takes the source's lock now, or fails with {@link Busy}: "a backup of share is already running (pid N, since
     * ...)". {@code activity} names what the caller is about to do, e.g. {@code backup}.
     */
    public Held tryAcquire(String source, String activity) throws IOException, SQLException {
        Held h = attempt(source, activity, null, Instant.now(), null);
        if (h == null) {
            throw new Busy(busyMessage(source));
        }
        return h;
    }

    /**
     * Waits for the source's lock, looking once a second; returns null when {@code stopping} turned true before it
     * was free.
     */
    public Held acquire(String source, String activity, BooleanSupplier stopping)
            throws InterruptedException, IOException, SQLException {
        return acquire(source, activity, null, stopping);
    }

    /** As {@link #acquire(String, String, BooleanSupplier)}, saying who asks, e.g. {@code job nightly}. */
    public Held acquire(String source, String activity, String by, BooleanSupplier stopping)
            throws InterruptedException, IOException, SQLException {
        return acquire(source, activity, by, stopping, holder -> { });
    }

    /**
     * Waits for the source's lock as long as it takes, logging once what it waits for ("verify of share: waiting for
     * the backup (pid 4711, since ...) to end"). For what reads a source's backups (verify, copy, restore, trial
     * restore): never at the same time as a backup of the source or another of them. A thread that holds the lock
     * (a daemon job, a backup verifying what it wrote) takes it again at no cost.
     */
    public Held await(String source, String activity) throws IOException, SQLException {
        try {
            return acquire(source, activity, null, () -> false,
                    holder -> LOG.warn("{} of {}: waiting for the {} to end", activity, source, holder));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(activity + " of " + source + ": interrupted while waiting for the"
                    + " source's lock");
        }
    }

    private Held acquire(String source, String activity, String by, BooleanSupplier stopping,
            Consumer<String> waiting) throws InterruptedException, IOException, SQLException {
        Instant start = Instant.now();
        String waitedFor = null;
        while (true) {
            Held h = attempt(source, activity, by, start, waitedFor);
            if (h != null) {
                return h;
            }
            if (waitedFor == null) {
                waitedFor = holderOf(source);
                waiting.accept(waitedFor);
            }
            if (stopping.getAsBoolean()) {
                return null;
            }
            Slot slot = slot(source);
            // the JVM's own holder is waited for on its lock; another process's only by looking again
            if (slot.lock.tryLock(1, TimeUnit.SECONDS)) {
                slot.lock.unlock();
                if (slot.holder == null) {
                    Thread.sleep(500); // polling: another process's file lock cannot be waited for with a way out
                }
            }
        }
    }

    private Slot slot(String source) {
        return SLOTS.computeIfAbsent(file(source).toAbsolutePath().normalize(), f -> new Slot());
    }

    private Path file(String source) {
        return dir.resolve(source + ".lock");
    }

    /** The lock if it is free now, else null. */
    private Held attempt(String source, String activity, String by, Instant start, String waitedFor)
            throws IOException, SQLException {
        Slot slot = slot(source);
        if (!slot.lock.tryLock()) {
            return null;
        }
        if (slot.lock.getHoldCount() > 1) {
            return new Held(source, Duration.ZERO, null, true, null, slot);
        }
        boolean ok = false;
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(file(source), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock fl;
            try {
                fl = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                fl = null; // another SourceLocks of this JVM on the same data directory: see SLOTS
            }
            if (fl == null) {
                ch.close();
                return null;
            }
            Connection advisory = postgresUrl == null ? null : advisory(source);
            if (postgresUrl != null && advisory == null) {
                fl.release();
                ch.close();
                return null;
            }
            String who = activity + " (" + (by == null ? "" : by + ", ") + "pid " + ProcessHandle.current().pid()
                    + ", since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            slot.channel = ch;
            slot.fileLock = fl;
            slot.holder = who;
            ok = true;
            return new Held(source, Duration.between(start, Instant.now()), waitedFor, false, advisory, slot);
        } finally {
            if (!ok) {
                slot.lock.unlock();
            }
        }
    }

    /** The advisory lock's session when it was free, else null. */
    private Connection advisory(String source) throws SQLException {
        Connection c = DriverManager.getConnection(postgresUrl);
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            ps.setString(1, "lifeboat-source:" + source);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return c;
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return null;
    }

    private static void closeAdvisory(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close(); // ending the session releases its advisory locks
        } catch (SQLException ignored) {
            // the lock goes with the connection either way
        }
    }

    /** Who holds the source's lock, as its file says: {@code backup (pid 4711, since 2026-11-29T18:00:00Z)}. */
    private String holderOf(String source) {
        String inJvm = slot(source).holder;
        if (inJvm != null) {
            return inJvm;
        }
        try {
            String s = Files.readString(file(source), StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "a run in another process" : s;
        } catch (IOException e) {
            return postgresUrl == null ? "a run in another process" : "a run on another node";
        }
    }

    private String busyMessage(String source) {
        String holder = holderOf(source);
        int paren = holder.indexOf(" (");
        String what = paren < 0 ? "run" : holder.substring(0, paren);
        String when = paren < 0 ? "" : holder.substring(paren);
        return "a " + what + " of " + source + " is already running" + when + "; wait for it to end, or stop it";
    }
}
