package lifeboat.core.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.Database;
import lifeboat.core.config.LifeboatConfig;

/**
 * Which daemons may serve one catalog at once.
 * <ul>
 * <li>H2 catalog: one daemon, by an OS file lock on {@code dataDir/daemon.lock} that also holds the owner's pid for
 * the message. The OS drops the lock when the process dies, even by kill -9.</li>
 * <li>PostgreSQL catalog: a session advisory lock in the catalog database, so daemons on other machines (with their
 * own dataDir) are seen too. A clustered daemon takes it shared, so any number of cluster nodes run together; an
 * unclustered one takes it exclusive, so it runs alone and is refused next to a cluster (an unclustered Quartz
 * would take over the cluster's in-flight jobs as its own). PostgreSQL drops the lock with the connection.</li>
 * </ul>
 */
final class DaemonLock implements AutoCloseable {
    /** The advisory lock key: "Lifeboat" in ASCII, folded into 63 bits. */
    private static final long KEY = 0x4c69666562L << 16 | 0x6f61L;

    private final FileChannel channel;
    private final FileLock lock;
    private final Connection advisory;

    private DaemonLock(FileChannel channel, FileLock lock, Connection advisory) {
        this.channel = channel;
        this.lock = lock;
        this.advisory = advisory;
    }

    static DaemonLock acquire(LifeboatConfig config) throws IOException, SQLException {
        if (config.catalogUrl().startsWith("jdbc:postgresql:")) {
            return acquirePostgres(config.catalogUrl(), config.scheduler().cluster());
        }
        return acquireFile(config.dataDir(), config.catalogUrl());
    }

    private static DaemonLock acquirePostgres(String url, boolean cluster) throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "lifeboat daemon " + ProcessOwner.current() + (cluster ? " (cluster)" : ""));
        Connection c = DriverManager.getConnection(Database.effectiveUrl(url), props);
        try {
            boolean got;
            try (PreparedStatement ps = c.prepareStatement(cluster ? "select pg_try_advisory_lock_shared(?)"
                    : "select pg_try_advisory_lock(?)")) {
                ps.setLong(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    got = rs.next() && rs.getBoolean(1);
                }
            }
            if (!got) {
                List<String> holders = holders(c);
                String who = holders.isEmpty() ? "another lifeboat daemon" : String.join(", ", holders);
                throw new IllegalStateException(cluster
                        ? who + " already serves the catalog " + Database.masked(url) + " without scheduler.cluster;"
                                + " stop it, or set scheduler.cluster: true on every daemon of this catalog"
                        : who + " already serves the catalog " + Database.masked(url) + "; stop it first, or run"
                                + " a cluster: scheduler.cluster: true on every daemon of this catalog");
            }
            return new DaemonLock(null, null, c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The application names of the sessions holding the daemon lock, for the message. */
    private static List<String> holders(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select distinct a.application_name from pg_locks l"
                + " join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted"
                + " and l.database = (select oid from pg_database where datname = current_database())"
                + " and l.classid = ? and l.objid = ? and l.objsubid = 1 order by 1")) {
            ps.setLong(1, KEY >>> 32);
            ps.setLong(2, KEY & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static DaemonLock acquireFile(Path dataDir, String catalog) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("daemon.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
            String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
            ch.close();
            throw new IllegalStateException("another lifeboat daemon (" + (owner.isEmpty() ? "unknown pid" : owner)
                    + ") already serves the catalog " + catalog + " (lock " + file + "); stop it first, or run a cluster"
                    + " on a PostgreSQL catalog with scheduler.cluster: true");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new DaemonLock(ch, l, null);
    }

    @Override
    public void close() throws IOException {
        if (advisory != null) {
            try {
                advisory.close(); // ending the session releases its advisory lock
            } catch (SQLException ignored) {
                // the lock goes with the connection either way
            }
            return;
        }
        lock.release();
        channel.close();
    }
}
