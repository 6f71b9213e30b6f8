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
import java.nio.file.StandardCopyOption;
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
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
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
import lifeboat.core.repo.SourceLocks;
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
    private final SourceLocks locks;
    private final AuditTrail audit;

    public RestoreService(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications,
            RestoreStore restores, SourceLocks locks, AuditTrail audit) {
        this.locks = locks;
        this.audit = audit;
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
        return restore(backupId, target, pathGlob, force, false, progress);
    }

    /**
     * Restores from the first copy whose objects all match the catalog: a copy with a missing, unreadable or
     * mismatching object (manifest or archive) is given up, named, and the next complete copy is read instead.
     *
     * @param pathGlob only entries matching it (or below a matching directory) are restored; null for all
     * @param delete once the restore succeeded, remove what the target holds and the backup does not (within
     *        {@code pathGlob}); a failed restore removes nothing
     */
    public RestoreResult restore(String backupId, Path target, String pathGlob, boolean force, boolean delete,
            Progress progress) throws IOException, SQLException {
        BackupRecord b = copies.restorable(backupId);
        if (b.kind() != BackupKind.FILES) {
            throw new IllegalArgumentException("backup " + backupId + " is a database dump: restore it with --to-db");
        }
        // under the source's lock: no backup, copy or verify of it meanwhile
        try (SourceLocks.Held held = locks.await(b.source(), "restore")) {
            return restoreHeld(b, target, pathGlob, force, delete, progress);
        }
    }

    private RestoreResult restoreHeld(BackupRecord b, Path target, String pathGlob, boolean force, boolean delete,
            Progress progress) throws IOException, SQLException {
        String backupId = b.id();
        Path root = target.toAbsolutePath().normalize();
        boolean fresh = checkTarget(root, force);
        Copies.Readable readable = copies.candidates(b);
        Instant started = Instant.now();
        long restoreId = restores.start(backupId, readable.storages().get(0).name(), root.toString(), started);
        List<String> notes = new ArrayList<>();
        if (!fresh) {
            int stale = TempNames.sweep(root);
            if (stale > 0) {
                notes.add("removed " + stale + " temporary files an interrupted restore had left in " + root);
            }
        }
        boolean[] freshNow = {fresh};
        Copies.Tried<Run> tried = copies.tryInTurn(b, readable, storage -> {
            Run r = new Run(storage, root, pathGlob, progress, sources.identity(b.source(), storage.name()),
                    objectsOn(backupId, storage), freshNow[0]);
            try {
                r.execute(backupId);
                if (delete && r.problems.isEmpty()) {
                    r.removed = r.prune(false);
                }
            } catch (BadCopy e) {
                r.badCopy = e.getMessage();
                freshNow[0] = false; // the bad copy may have written some files
            } catch (IOException | RuntimeException e) {
                r.error = e.getMessage();
                r.problems.add(e.getMessage());
                LOG.error("restore of {} into {} failed: {}", backupId, root, e.getMessage());
            }
            return r;
        }, r -> r.badCopy, "every copy has a missing, unreadable or mismatching object");
        Instant finished = Instant.now();
        List<String> problems = new ArrayList<>();
        String storageName = tried.storage().name();
        String error;
        Run run = tried.everyCopyBad() ? null : tried.result();
        long removed = 0;
        if (run == null) {
            problems.addAll(tried.allBad());
            error = String.join("; ", problems);
        } else {
            problems.addAll(run.problems);
            notes.addAll(0, tried.notUsed());
            error = run.error;
            if (run.removed != null) {
                removed = run.removed.total();
                notes.add("removed " + run.removed.files() + " files and " + run.removed.dirs() + " directories the"
                        + " backup does not have");
            }
        }
        RestoreStatus status = run != null && run.problems.isEmpty() ? RestoreStatus.RESTORED : RestoreStatus.FAILED;
        long files = run == null ? 0 : run.files;
        long bytes = run == null ? 0 : run.bytes;
        restores.finish(restoreId, storageName, status, files, bytes,
                error != null ? error : problems.isEmpty() ? null : String.join("; ", problems), finished);
        audit.record(AuditType.RESTORE, b.source(), "restore", restoreId, "backup", backupId, "target", storageName,
                "to", root.toString(), "status", status, "files", files, "bytes", bytes, "problems", problems,
                "error", error);
        return new RestoreResult(restoreId, backupId, b.source(), storageName, root.toString(), status, files, bytes,
                started, finished, Duration.between(started, finished).toMillis(), List.copyOf(problems), removed,
                List.copyOf(notes));
    }

    /**
     * How many files and directories {@code restore --delete} of this backup into {@code target} would remove: what
     * the target holds and the backup does not. Reads the manifest of the first readable copy; writes nothing.
     */
    public long wouldDelete(String backupId, Path target) throws IOException, SQLException {
        BackupRecord b = copies.restorable(backupId);
        Path root = target.toAbsolutePath().normalize();
        if (b.kind() != BackupKind.FILES || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Storage storage = copies.readable(b);
        Run run = new Run(storage, root, null, Progress.NONE, sources.identity(b.source(), storage.name()),
                objectsOn(backupId, storage), false);
        return run.prune(true).total();
    }

    /** The objects of this backup and of every backup whose archive it reads, as recorded for one copy. */
    private ObjectsOn objectsOn(String backupId, Storage storage) throws SQLException {
        String name = storage.name();
        List<ObjectRecord> own = backups.objects(backupId).stream().filter(o -> o.storage().equals(name)).toList();
        Function<String, ObjectRecord> archives = id -> {
            try {
                return StoredObjects.find(backups.objects(id).stream().filter(o -> o.storage().equals(name)).toList(),
                        ObjectRecord::key, RepositoryLayout.DATA);
            } catch (SQLException e) {
                throw new IllegalStateException("catalog: " + e.getMessage(), e);
            }
        };
        return new ObjectsOn(StoredObjects.find(own, ObjectRecord::key, RepositoryLayout.MANIFEST), archives);
    }

    /** One copy's manifest and a look-up of the archives its entries are held in. */
    private record ObjectsOn(ObjectRecord manifest, Function<String, ObjectRecord> archives) {
    }

    /**
     * An object of the copy being read is missing, unreadable or not the one the catalog recorded: that copy is
     * given up and the next one tried.
     */
    private static final class BadCopy extends IOException {
        BadCopy(String message, Throwable cause) {
            super(message, cause);
        }

        static BadCopy of(ReadChain.Failure f) {
            String m = f.getMessage() == null ? f.problem().toString() : f.getMessage();
            return new BadCopy(m.contains(f.key()) ? m : f.key() + " on " + f.storage() + ": " + m, f);
        }
    }

    /** Writing the target failed (a full disk, permissions): no other copy would do better. */
    private static final class TargetError extends IOException {
        TargetError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The read-chain failure in {@code e} or its causes, or null. */
    private static ReadChain.Failure failureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReadChain.Failure f) {
                return f;
            }
        }
        return null;
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
        private final SafePaths paths;
        private final PathMatcher matcher;
        private final Progress progress;
        private final MetadataSetter metadata = new MetadataSetter();
        private final List<String> problems = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        private long files;
        private long bytes;
        /** Why this copy is bad (another may do), or null. */
        private String badCopy;
        /** What ended the restore other than a bad copy, or null. */
        private String error;
        /** What {@code --delete} removed, or null. */
        private Mirror.Removed removed;

        private final String identity;
        /** The manifest object as recorded for this copy. */
        private final ObjectRecord manifest;
        private final Function<String, ObjectRecord> archives;
        /** The target was empty: nothing can be in the way, so no path is examined before it is created. */
        private final boolean fresh;

        Run(Storage storage, Path root, String glob, Progress progress, String identity, ObjectsOn objects,
                boolean fresh) {
            this.fresh = fresh;
            this.storage = storage;
            this.identity = identity;
            this.manifest = objects.manifest();
            this.archives = objects.archives();
            this.paths = new SafePaths(root);
            this.matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
            this.progress = progress;
        }

        /** Restores from this copy; throws {@link BadCopy} when one of its objects fails to read back as recorded. */
        void execute(String backupId) throws IOException {
            if (manifest == null) {
                throw new BadCopy("backup " + backupId + " has no manifest on " + storage.name() + " in the catalog",
                        null);
            }
            // the whole manifest is read, and so checked against its recorded SHA-256, before anything is written
            Set<String> held = new TreeSet<>();
            long total = withManifest(m -> {
                long sum = 0;
                for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                    if (e.isFile() && e.held() != null && selected(e.path())) {
                        held.add(e.held());
                        sum += e.size();
                    }
                }
                return sum;
            });
            for (String archive : held) {
                if (archives.apply(archive) == null) {
                    throw new BadCopy("backup " + archive + ", which holds files of backup " + backupId
                            + ", has no archive on " + storage.name() + " in the catalog", null);
                }
            }
            progress.start("restore " + backupId, total);
            try {
                for (String archive : held) { // ids sort by time: oldest archive first
                    extractFrom(archive);
                }
                finishTree();
            } finally {
                progress.finish();
            }
        }

        /** Removes (or, in a dry run, counts) what the target holds and this backup does not. */
        Mirror.Removed prune(boolean dryRun) throws IOException {
            if (manifest == null) {
                throw new BadCopy("no manifest on " + storage.name() + " in the catalog", null);
            }
            return withManifest(m -> Mirror.prune(paths.root(), m, this::selected, dryRun, metadata::applyToCreated));
        }

        /** A pass over the manifest's entries. */
        private interface Pass<T> {
            T over(ManifestReader m) throws IOException;
        }

        /**
         * Runs a pass over the manifest of this copy; a failure of the manifest object is one of this copy
         * ({@link BadCopy}).
         */
        private <T> T withManifest(Pass<T> pass) throws IOException {
            ReadChain chain;
            InputStream in;
            try {
                chain = open(manifest);
                in = chain.contentOrClose();
            } catch (ReadChain.Failure f) {
                throw BadCopy.of(f);
            }
            try (ManifestReader m = new ManifestReader(in, manifest.key())) {
                try {
                    return pass.over(m);
                } catch (IOException e) {
                    throw classify(e, chain);
                }
            }
        }

        /**
         * Tells a failed object of this copy from other errors: a read-chain failure is one; so is any other error
         * while reading when the object, drained, turns out not to be the one recorded (a tar header garbled by a
         * flipped byte). Errors writing the target and refused paths are returned as they are.
         */
        private static IOException classify(IOException e, ReadChain... chains) {
            if (e instanceof BadCopy || e instanceof TargetError || e instanceof SafePaths.UnsafePathException) {
                return e;
            }
            ReadChain.Failure f = failureIn(e);
            if (f != null) {
                return BadCopy.of(f);
            }
            for (ReadChain c : chains) {
                try {
                    c.finish();
                } catch (ReadChain.Failure drained) {
                    BadCopy bad = BadCopy.of(drained);
                    bad.addSuppressed(e);
                    return bad;
                } catch (IOException ignored) {
                    // not readable to the end either: the first error is the one to report
                }
            }
            return e;
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
            String dataKey = data.key();
            ReadChain chain;
            try {
                chain = open(data);
            } catch (ReadChain.Failure f) {
                throw BadCopy.of(f);
            }
            try (chain) {
                withManifest(m -> {
                    extract(m, archive, chain, dataKey);
                    return null;
                });
            }
        }

        private void extract(ManifestReader m, String archive, ReadChain chain, String dataKey) throws IOException {
            Set<String> symlinks = new HashSet<>();
            TarArchiveInputStream tar = new TarArchiveInputStream(chain.content(), "UTF-8");
            try {
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
            } catch (IOException e) {
                throw classify(e, chain);
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

        /**
         * Writes one file under a temporary name beside its own and renames it into place only once its SHA-256
         * matched the manifest, so a file with wrong bytes is never left under its name (nor is what was there
         * before replaced by it).
         */
        private void writeFile(ManifestEntry e, InputStream in, long size) throws IOException {
            Path p;
            try {
                p = paths.prepare(e.path());
            } catch (SafePaths.UnsafePathException ex) {
                problems.add(ex.getMessage());
                return;
            }
            Path tmp = TempNames.beside(p);
            boolean placed = false;
            try {
                MessageDigest digest = Sha256.digest();
                try (FileChannel ch = target(() -> FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), p)) {
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
                            target(() -> ch.write(buffer), p);
                        }
                        remaining -= n;
                        progress.advance(n, e.path());
                    }
                }
                String sha = Hex.encodeHexString(digest.digest());
                if (!sha.equals(e.sha256())) {
                    problems.add(e.path() + ": restored content has SHA-256 " + sha + ", the manifest says "
                            + e.sha256() + "; not written");
                    return;
                }
                target(() -> {
                    metadata.applyToCreated(tmp, e);
                    if (!fresh) {
                        refuseDirectory(p);
                    }
                    return Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }, p);
                placed = true;
            } finally {
                if (!placed) {
                    Files.deleteIfExists(tmp);
                }
            }
            files++;
            bytes += size;
        }

        /** An action on the target; its failure is the target's ({@link TargetError}), never the copy's. */
        private interface OnTarget<T> {
            T run() throws IOException;
        }

        private static <T> T target(OnTarget<T> action, Path p) throws IOException {
            try {
                return action.run();
            } catch (SafePaths.UnsafePathException | TargetError e) {
                throw e;
            } catch (IOException e) {
                throw new TargetError(p + ": " + e.getMessage(), e);
            }
        }

        private static void refuseDirectory(Path p) throws IOException {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p + " exists as a directory where the backup has a file");
            }
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
            withManifest(m -> {
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
                return null;
            });
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
