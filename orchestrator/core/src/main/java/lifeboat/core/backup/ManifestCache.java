package lifeboat.core.backup;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A plain copy of a source's newest manifest under {@code dataDir/manifests/<source>/}, kept for encrypted sources:
 * the next incremental compares with it without the age secret key. Only the newest is kept; losing it costs a full
 * backup, never correctness.
 */
final class ManifestCache {
    private static final String SUFFIX = ".jsonl.zst";
    private static final String TEMP = ".tmp";
    private final Path dir;

    ManifestCache(Path dataDir, String source) {
        this.dir = dataDir.resolve("manifests").resolve(source);
    }

    /** The cached manifest of a backup (zstd-compressed), or null. */
    InputStream open(String backupId) throws IOException {
        try {
            return Files.newInputStream(dir.resolve(backupId + SUFFIX));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    Pending start(String backupId) throws IOException {
        Files.createDirectories(dir);
        return new Pending(backupId);
    }

    /** A temporary file whose writer (the pid in its name) has ended: a run killed mid-write left it. */
    private static boolean leftByDeadProcess(Path p) {
        String name = p.getFileName().toString();
        int dash = name.lastIndexOf('-');
        int dot = name.lastIndexOf('.', dash);
        if (!name.endsWith(TEMP) || dash < 0 || dot < 0) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(name.substring(dot + 1, dash))).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true; // the old fixed name, from before temporary names were unique
        }
    }

    /** A manifest copy being written; {@link #commit()} makes it the newest, closing without it discards it. */
    final class Pending implements Closeable {
        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private boolean committed;

        Pending(String backupId) throws IOException {
            this.target = dir.resolve(backupId + SUFFIX);
            // unique per process and attempt: two runs never write, or delete, each other's temporary file
            this.temp = dir.resolve("." + backupId + "." + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP);
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        OutputStream stream() {
            return new NonClosingOutputStream(Channels.newOutputStream(channel));
        }

        void commit() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            try (Stream<Path> old = Files.list(dir)) {
                // only committed copies: a temporary file may be another run's, still being written
                for (Path p : old.filter(p -> !p.equals(target) && (p.getFileName().toString().endsWith(SUFFIX)
                        || leftByDeadProcess(p))).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }
    }
}
