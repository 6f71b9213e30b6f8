package lifeboat.plugin.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import lifeboat.spi.NoSuchObjectException;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;

/**
 * Objects as files below a root directory. A write goes to a hidden temporary file beside its final name, is
 * fsynced, renamed over the final name and the directory fsynced, so a crash leaves either the whole old state
 * or the whole new object, plus at most a temporary file that {@link #removeIncomplete()} deletes.
 */
final class LocalStorage implements Storage {
    static final String TEMP_MARK = ".lifeboat-tmp-";

    private final String name;
    private final Path root;

    LocalStorage(String name, Path root) {
        this.name = requireNonNull(name, "name is null");
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARK
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalPendingObject(channel, temp, target);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(name, key);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        try {
            var attrs = Files.readAttributes(resolve(key), BasicFileAttributes.class);
            return Optional.of(new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        // a prefix may end inside a name, so start from the deepest directory it names
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.forEach(p -> {
                String key = keyOf(p);
                if (key.startsWith(prefix) && !isTemp(p)) {
                    try {
                        var attrs = Files.readAttributes(p, BasicFileAttributes.class);
                        if (attrs.isRegularFile()) {
                            out.add(new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
                        }
                    } catch (NoSuchFileException gone) {
                        // deleted while listing: not there any more
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        Files.deleteIfExists(p);
        removeEmptyParents(p.getParent());
    }

    @Override
    public int removeIncomplete(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return 0;
        }
        List<Path> temps;
        try (Stream<Path> files = Files.walk(start)) {
            temps = files.filter(p -> isTemp(p) && keyOf(p).startsWith(prefix)).toList();
        }
        for (Path p : temps) {
            Files.deleteIfExists(p);
            removeEmptyParents(p.getParent()); // as delete() does: an interrupted write leaves no empty directory
        }
        return temps.size();
    }

    @Override
    public OptionalLong freeBytes() throws IOException {
        return OptionalLong.of(Files.getFileStore(root).getUsableSpace());
    }

    private void removeEmptyParents(Path dir) throws IOException {
        while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
            try (Stream<Path> children = Files.list(dir)) {
                if (children.findAny().isPresent()) {
                    return;
                }
            } catch (NoSuchFileException e) {
                dir = dir.getParent();
                continue;
            }
            try {
                Files.delete(dir);
            } catch (IOException raced) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static boolean isTemp(Path p) {
        return p.getFileName() != null && p.getFileName().toString().contains(TEMP_MARK);
    }

    private String keyOf(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    Path resolve(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("invalid object key '" + key + "'");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.contains(TEMP_MARK)) {
                throw new IllegalArgumentException("invalid object key '" + key + "'");
            }
        }
        return root.resolve(key);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private final class LocalPendingObject extends PendingObject {
        private final FileChannel channel;
        private final Path temp;
        private final Path target;
        private final OutputStream out;
        private boolean committed;
        private boolean closed;

        LocalPendingObject(FileChannel channel, Path temp, Path target) {
            this.channel = channel;
            this.temp = temp;
            this.target = target;
            this.out = Channels.newOutputStream(channel);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                // "No space left on device" alone does not say which disk filled up
                throw new IOException("storage target '" + name + "': cannot write " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void commit() throws IOException {
            if (committed) {
                return;
            }
            if (closed) {
                throw new IOException("object " + target + " was discarded before commit");
            }
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new IOException("storage target '" + name + "': cannot make " + target + " durable: "
                        + e.getMessage(), e);
            }
            channel.close();
            closed = true;
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
                throw new IOException("cannot rename " + temp + " to " + target + " atomically", e);
            }
            // new directories must be durable too, or the object can vanish with its parent after a crash
            for (Path dir = target.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
                fsyncDirectory(dir);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
