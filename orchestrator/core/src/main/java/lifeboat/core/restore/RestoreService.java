package lifeboat.core.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.RestoreStore;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.Progress;
import lifeboat.core.model.RestoreStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.PathOrder;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Sha256;
import lifeboat.core.repo.StoredObjects;
import lifeboat.core.repo.TarEntries;
import lifeboat.spi.Storage;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a file backup into a directory, following the chain of archives its manifest points to. Reads the
 * manifest in passes and each archive once, merging them in {@link PathOrder}, so memory stays bounded. Every file's
 * SHA-256 is checked against the manifest as it is written. Directories' metadata is set last, deepest first, and
 * symlinks are created after every file, so no entry is ever written through a link.
 */
public final class RestoreService {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);
    private final Sources sources;
    private final BackupStore backups;
    private final RestoreStore restores;
    private final Copies copies;

    public RestoreService(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications,
            RestoreStore restores) {
        this.sources = sources;
        this.backups = backups;
        this.restores = restores;
        this.copies = new Copies(backups, verifications, targets);
    }

    /**
     * @param pathGlob only entries matching it (or below a matching directory) are restored; null for all
     */
    public RestoreResult restore(String backupId, Path target, String pathGlob, boolean force, Progress progress)
            throws IOException, SQLException {
        BackupRecord b = copies.restorable(backupId);
        if (b.kind() != BackupKind.FILES) {
            throw new IllegalArgumentException("backup " + backupId + " is a database dump: restore it with --to-db");
        }
        Path root = target.toAbsolutePath().normalize();
        boolean fresh = checkTarget(root, force);
        Storage storage = copies.readable(b);
        Instant started = Instant.now();
        long restoreId = restores.start(backupId, storage.name(), root.toString(), started);
        // each copy has its own objects: a copy encrypted on one target only has its own names and hashes
        List<ObjectRecord> objects = backups.objects(backupId).stream()
                .filter(o -> o.storage().equals(storage.name())).toList();
        String identity = sources.identity(b.source(), storage.name());
        Function<String, ObjectRecord> archives = id -> {
            try {
                return StoredObjects.find(backups.objects(id).stream()
                        .filter(o -> o.storage().equals(storage.name())).toList(), ObjectRecord::key, RepositoryLayout.DATA);
            } catch (SQLException e) {
                throw new IllegalStateException("catalog: " + e.getMessage(), e);
            }
        };
        Run run = new Run(storage, b.source(), root, pathGlob, progress, identity, objects, archives, fresh);
        String error = null;
        try {
            run.execute(backupId);
        } catch (IOException | RuntimeException e) {
            error = e.getMessage();
            run.problems.add(e.getMessage());
            LOG.error("restore of {} into {} failed: {}", backupId, root, e.getMessage());
        }
        Instant finished = Instant.now();
        RestoreStatus status = run.problems.isEmpty() ? RestoreStatus.RESTORED : RestoreStatus.FAILED;
        restores.finish(restoreId, status, run.files, run.bytes,
                error != null ? error : run.problems.isEmpty() ? null : String.join("; ", run.problems), finished);
        return new RestoreResult(restoreId, backupId, b.source(), storage.name(), root.toString(), status, run.files,
                run.bytes, started, finished, Duration.between(started, finished).toMillis(), List.copyOf(run.problems));
    }

    /** Refuses a non-empty target without {@code force}; returns true when the target is empty. */
    private static boolean checkTarget(Path root, boolean force) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("restore target " + root + " exists and is not a directory");
            }
            try (Stream<Path> s = Files.list(root)) {
                if (s.findAny().isPresent()) {
                    if (!force) {
                        throw new IllegalArgumentException("restore target " + root + " is not empty; use --force to"
                                + " restore over what is there");
                    }
                    return false;
                }
            }
        } else {
            Files.createDirectories(root);
        }
        return true;
    }

    /** One restore's state. */
    private static final class Run {
        private final Storage storage;
        private final String source;
        private final SafePaths paths;
        private final PathMatcher matcher;
        private final Progress progress;
        private final MetadataSetter metadata = new MetadataSetter();
        private final List<String> problems = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        private long files;
        private long bytes;

        private final String identity;
        /** The manifest object; any copy's record will do, as every copy holds the same bytes. */
        private final ObjectRecord manifest;
        private final Function<String, ObjectRecord> archives;
        /** The target was empty: nothing can be in the way, so no path is examined before it is created. */
        private final boolean fresh;

        Run(Storage storage, String source, Path root, String glob, Progress progress, String identity,
                List<ObjectRecord> objects, Function<String, ObjectRecord> archives, boolean fresh) {
            this.fresh = fresh;
            this.storage = storage;
            this.identity = identity;
            this.manifest = StoredObjects.find(objects, ObjectRecord::key, RepositoryLayout.MANIFEST);
            this.archives = archives;
            this.source = source;
            this.paths = new SafePaths(root);
            this.matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
            this.progress = progress;
        }

        void execute(String backupId) throws IOException {
            if (manifest == null) {
                throw new IOException("backup " + backupId + " has no manifest in the catalog");
            }
            Set<String> held = new TreeSet<>();
            long total = 0;
            try (ManifestReader m = manifest()) {
                for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                    if (e.isFile() && e.held() != null && selected(e.path())) {
                        held.add(e.held());
                        total += e.size();
                    }
                }
            }
            progress.start("restore " + backupId, total);
            try {
                for (String archive : held) { // ids sort by time: oldest archive first
                    try {
                        extractFrom(archive);
                    } catch (SafePaths.UnsafePathException e) {
                        throw e;
                    } catch (IOException e) {
                        throw new IOException("archive of backup " + archive + " on " + storage.name()
                                + " is unreadable or corrupt: " + e.getMessage(), e);
                    }
                }
                finishTree();
            } finally {
                progress.finish();
            }
        }

        private ManifestReader manifest() throws IOException {
            return new ManifestReader(open(manifest).contentOrClose(), manifest.key());
        }

        private ReadChain open(ObjectRecord o) throws IOException {
            return ReadChain.open(storage, o.key(), o.size(), o.sha256(), identity);
        }

        private boolean selected(String path) {
            if (matcher == null) {
                return true;
            }
            Path p = Path.of(path);
            for (Path q = p; q != null; q = q.getParent()) {
                if (matcher.matches(q)) {
                    return true;
                }
            }
            return false;
        }

        /** Writes the files that {@code archive} holds for this manifest, merging both in path order. */
        private void extractFrom(String archive) throws IOException {
            ObjectRecord data = archives.apply(archive);
            if (data == null) {
                problems.add("backup " + archive + ", which holds files of this backup, has no archive in the catalog");
                return;
            }
            String dataKey = data.key();
            Set<String> symlinks = new HashSet<>();
            try (ManifestReader m = manifest();
                    ReadChain chain = open(data);
                    TarArchiveInputStream tar = new TarArchiveInputStream(chain.content(), "UTF-8")) {
                ManifestEntry want = nextWanted(m, archive, symlinks);
                TarArchiveEntry te;
                while ((te = tar.getNextEntry()) != null) {
                    String name = te.getName();
                    String why = SafePaths.refusal(name);
                    if (why != null) {
                        problems.add("refused archive entry '" + name + "' in " + dataKey + ": " + why);
                        continue;
                    }
                    if (name.endsWith("/")) {
                        name = name.substring(0, name.length() - 1);
                    }
                    while (want != null && PathOrder.INSTANCE.compare(want.path(), name) < 0) {
                        problems.add(want.path() + ": missing from " + dataKey);
                        want = nextWanted(m, archive, symlinks);
                    }
                    if (want != null && want.path().equals(name) && TarEntries.regularFile(te)) {
                        writeFile(want, tar, te.getSize());
                        want = nextWanted(m, archive, symlinks);
                    }
                }
                while (want != null) {
                    problems.add(want.path() + ": missing from " + dataKey);
                    want = nextWanted(m, archive, symlinks);
                }
                chain.finish(); // tar stops at its end-of-archive blocks: the rest is read so size and hash are checked
            }
        }

        private ManifestEntry nextWanted(ManifestReader m, String archive, Set<String> symlinks) throws IOException {
            for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                if (e.type().equals(ManifestEntry.SYMLINK)) {
                    symlinks.add(e.path());
                }
                if (e.isFile() && archive.equals(e.held()) && selected(e.path())) {
                    if (belowSymlink(e.path(), symlinks)) {
                        problems.add("refused '" + e.path() + "': it lies below a symlink of the same backup");
                        continue;
                    }
                    return e;
                }
            }
            return null;
        }

        private static boolean belowSymlink(String path, Set<String> symlinks) {
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                if (symlinks.contains(path.substring(0, i))) {
                    return true;
                }
            }
            return false;
        }

        private void writeFile(ManifestEntry e, InputStream in, long size) throws IOException {
            Path p;
            try {
                p = paths.prepare(e.path());
            } catch (SafePaths.UnsafePathException ex) {
                problems.add(ex.getMessage());
                return;
            }
            if (!fresh) {
                removeExisting(p);
            }
            MessageDigest digest = Sha256.digest();
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                byte[] arr = buffer.array();
                long remaining = size;
                while (remaining > 0) {
                    int n = in.read(arr, 0, (int) Math.min(arr.length, remaining));
                    if (n < 0) {
                        throw new IOException(e.path() + ": archive ended inside the file");
                    }
                    digest.update(arr, 0, n);
                    buffer.clear().limit(n);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    remaining -= n;
                    progress.advance(n, e.path());
                }
            }
            String sha = Hex.encodeHexString(digest.digest());
            if (!sha.equals(e.sha256())) {
                problems.add(e.path() + ": restored content has SHA-256 " + sha + ", the manifest says " + e.sha256());
            }
            metadata.applyToCreated(p, e);
            files++;
            bytes += size;
        }

        private static void removeExisting(Path p) throws IOException {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            }
            if (a.isDirectory()) {
                throw new IOException(p + " exists as a directory where the backup has a file");
            }
            Files.delete(p);
        }

        /**
         * Creates directories, hard links and symlinks, and sets directory metadata when leaving each directory
         * (a stack as deep as the tree), so writing children no longer changes a directory's restored mtime.
         */
        private void finishTree() throws IOException {
            Deque<ManifestEntry> open = new ArrayDeque<>();
            Set<String> symlinks = new HashSet<>();
            try (ManifestReader m = manifest()) {
                for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                    while (!open.isEmpty() && !e.path().startsWith(open.peek().path() + "/")) {
                        closeDirectory(open.pop());
                    }
                    if (!selected(e.path()) || e.type().equals("deleted")) {
                        continue;
                    }
                    if (belowSymlink(e.path(), symlinks)) {
                        if (!e.isFile()) {
                            problems.add("refused '" + e.path() + "': it lies below a symlink of the same backup");
                        }
                        continue;
                    }
                    try {
                        switch (e.type()) {
                            case ManifestEntry.DIR -> {
                                Path p = paths.prepare(e.path());
                                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                                    removeExisting(p);
                                    Files.createDirectory(p);
                                }
                                open.push(e);
                            }
                            case ManifestEntry.SYMLINK -> {
                                symlinks.add(e.path());
                                Path p = paths.prepare(e.path());
                                removeExisting(p);
                                Files.createSymbolicLink(p, Path.of(e.link()));
                                metadata.apply(p, e);
                            }
                            case ManifestEntry.HARDLINK -> hardLink(e);
                            case ManifestEntry.FILE -> {
                                if (e.held() == null) {
                                    problems.add(e.path() + ": not restored, its content was not backed up ("
                                            + e.error() + ")");
                                }
                            }
                            default -> problems.add(e.path() + ": unknown entry type '" + e.type() + "'");
                        }
                    } catch (SafePaths.UnsafePathException ex) {
                        problems.add(ex.getMessage());
                    }
                }
            }
            while (!open.isEmpty()) {
                closeDirectory(open.pop());
            }
        }

        private void hardLink(ManifestEntry e) throws IOException {
            String why = SafePaths.refusal(e.link());
            if (why != null) {
                problems.add("refused hard link '" + e.path() + "' to '" + e.link() + "': " + why);
                return;
            }
            Path target = paths.prepare(e.link());
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(e.path() + ": hard link target '" + e.link() + "' was not restored");
                return;
            }
            Path p = paths.prepare(e.path());
            removeExisting(p);
            Files.createLink(p, target);
            files++;
        }

        private void closeDirectory(ManifestEntry dir) throws IOException {
            metadata.applyToCreated(paths.root().resolve(dir.path()), dir);
        }
    }
}
