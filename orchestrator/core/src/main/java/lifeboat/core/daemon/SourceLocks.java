package lifeboat.core.daemon;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Never two jobs for one source at once. In this process a fair lock per source; on a PostgreSQL catalog also a
 * session advisory lock, so daemons of a cluster exclude each other too, and a node killed with kill -9 releases
 * its locks with its connection. Thread-safe.
 */
final class SourceLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private final String postgresUrl;

    /** @param postgresUrl the catalog's URL when it is PostgreSQL, else null */
    SourceLocks(String postgresUrl) {
        this.postgresUrl = postgresUrl;
    }

    /** A held lock; {@code waited} is how long the caller had to wait, and for whom. */
    record Held(String source, Duration waited, String waitedFor, Connection advisory, SourceLocks owner)
            implements AutoCloseable {
        @Override
        public void close() {
            owner.release(this);
        }
    }

    /** Waits for the source's lock; returns null when {@code stopping} turned true before it was free. */
    Held acquire(String source, String job, BooleanSupplier stopping) throws InterruptedException, SQLException {
        ReentrantLock lock = locks.computeIfAbsent(source, s -> new ReentrantLock(true));
        Instant start = Instant.now();
        String waitedFor = null;
        if (!lock.tryLock()) {
            waitedFor = holders.get(source);
            while (!lock.tryLock(1, TimeUnit.SECONDS)) {
                if (stopping.getAsBoolean()) {
                    return null;
                }
            }
        }
        Connection advisory = null;
        try {
            if (postgresUrl != null) {
                advisory = DriverManager.getConnection(postgresUrl);
                while (!tryAdvisory(advisory, source)) {
                    waitedFor = waitedFor == null ? "a job on another node" : waitedFor;
                    if (stopping.getAsBoolean()) {
                        advisory.close();
                        lock.unlock();
                        return null;
                    }
                    Thread.sleep(1000); // polling: a blocking pg_advisory_lock could not notice a shutdown
                }
            }
        } catch (SQLException | InterruptedException | RuntimeException e) {
            if (advisory != null) {
                advisory.close();
            }
            lock.unlock();
            throw e;
        }
        holders.put(source, "job " + job);
        return new Held(source, Duration.between(start, Instant.now()), waitedFor, advisory, this);
    }

    private static boolean tryAdvisory(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            ps.setString(1, "lifeboat-source:" + source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void release(Held h) {
        holders.remove(h.source());
        try {
            if (h.advisory() != null) {
                h.advisory().close(); // closing the session releases its advisory locks
            }
        } catch (SQLException ignored) {
            // the lock goes with the connection either way
        } finally {
            locks.get(h.source()).unlock();
        }
    }
}
