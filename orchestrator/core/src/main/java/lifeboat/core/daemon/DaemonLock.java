package lifeboat.core.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per catalog when not clustered: an OS file lock on {@code dataDir/daemon.lock}, which also holds the
 * owner's pid for the message. The OS drops the lock when the process dies, even by kill -9, so no stale lock
 * ever needs removing by hand.
 */
final class DaemonLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DaemonLock acquire(Path dataDir, String catalog) throws IOException {
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
        return new DaemonLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
