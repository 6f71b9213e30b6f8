package lifeboat.core.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.RestoreStore;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.model.Progress;
import lifeboat.core.model.RestoreStatus;
import lifeboat.core.plugins.LoggingJobLog;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.repo.StoredObjects;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Source;
import lifeboat.spi.Storage;

/**
 * Restores a database backup through its source plugin. The plugin reads each dump part decompressed; the core
 * reads each part through the {@link ReadChain}, which checks its size and SHA-256 against the catalog as it streams,
 * so a mismatch fails the restore.
 */
public final class DumpRestoreService {
    private final Sources sources;
    private final BackupStore backups;
    private final RestoreStore restores;
    private final Copies copies;
    private final SourceLocks locks;
    private final AuditTrail audit;

    public DumpRestoreService(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications,
            RestoreStore restores, SourceLocks locks, AuditTrail audit) {
        this.locks = locks;
        this.audit = audit;
        this.sources = sources;
        this.backups = backups;
        this.restores = restores;
        this.copies = new Copies(backups, verifications, targets);
    }

    /**
     * Restores from the first copy that works. A copy with a missing, short or corrupt part is given up and the next
     * one tried: the plugin replaces a database only after every part read to its end checked out, so a corrupt copy
     * has touched nothing. A failure of the tool itself ends the restore, as another copy would not help.
     */
    public RestoreResult restore(String backupId, Map<String, String> options, Progress progress)
            throws IOException, SQLException {
        BackupRecord b = copies.restorable(backupId);
        // under the source's lock: no backup, copy or verify of it, and no other restore of it, meanwhile
        try (SourceLocks.Held held = locks.await(b.source(), "restore")) {
            return restoreHeld(b, options, progress);
        }
    }

    private RestoreResult restoreHeld(BackupRecord b, Map<String, String> options, Progress progress)
            throws IOException, SQLException {
        String backupId = b.id();
        SourceConfig sc = sources.get(b.source());
        Copies.Readable readable = copies.candidates(b);
        Instant started = Instant.now();
        String target = options.getOrDefault("toDb", "(the source's database)");
        long restoreId = restores.start(backupId, readable.storages().get(0).name(), target, started);
        Copies.Tried<Attempt> tried = copies.tryInTurn(b, readable, storage -> attempt(b, sc, storage, options,
                progress), a -> a.badCopy() && !a.problems().isEmpty() ? String.join("; ", a.problems()) : null,
                "every copy has a missing or corrupt dump object; no database was replaced");
        String storageName = tried.storage().name();
        long parts = tried.result().parts();
        long bytes = tried.result().bytes();
        List<String> notes = new ArrayList<>(tried.notUsed());
        List<String> problems = tried.everyCopyBad() ? new ArrayList<>(tried.allBad())
                : new ArrayList<>(tried.result().problems());
        if (!problems.isEmpty() && !tried.everyCopyBad()) {
            problems.addAll(readable.unreadable());
        }
        Instant finished = Instant.now();
        RestoreStatus status = problems.isEmpty() ? RestoreStatus.RESTORED : RestoreStatus.FAILED;
        restores.finish(restoreId, storageName, status, parts, bytes,
                problems.isEmpty() ? null : String.join("; ", problems), finished);
        audit.record(AuditType.RESTORE, b.source(), "restore", restoreId, "backup", backupId, "target", storageName,
                "to", target, "status", status, "parts", parts, "bytes", bytes, "problems", problems);
        return new RestoreResult(restoreId, backupId, b.source(), storageName, target, status, parts, bytes, started,
                finished, Duration.between(started, finished).toMillis(), problems, 0, notes);
    }

    /** One copy's try: {@code badCopy} when what failed was an object of that copy, not the tool or the database. */
    private record Attempt(long parts, long bytes, List<String> problems, boolean badCopy) {
    }

    private Attempt attempt(BackupRecord b, SourceConfig sc, Storage storage, Map<String, String> options,
            Progress progress) throws SQLException {
        String storageName = storage.name();
        List<ObjectRecord> parts = new ArrayList<>();
        for (ObjectRecord o : backups.objects(b.id())) {
            String name = RepositoryLayout.fileName(o.key());
            if (o.storage().equals(storageName) && !name.equals(RepositoryLayout.METADATA)
                    && !name.equals(RepositoryLayout.SUMS)) {
                parts.add(o);
            }
        }
        List<String> problems = new ArrayList<>();
        boolean badCopy = false;
        Parts input = new Parts(storage, parts, sources.identity(sc.name(), storageName), progress);
        progress.start("restore " + b.id(), parts.stream().mapToLong(ObjectRecord::size).sum());
        try (Source source = sources.open(sc)) {
            if (!(source instanceof DumpSource dump)) {
                throw new IllegalArgumentException("source " + sc.name() + " is not a database source");
            }
            String absent = absentOrWrongSize(storage, parts);
            if (absent != null) {
                problems.add(absent);
                badCopy = true;
            } else {
                dump.restore(input, options, new LoggingJobLog(sc.name(), null));
                if (input.failure != null) { // a plugin that went on after a failed read: never call that restored
                    problems.add(corrupt(input.failure, "the source plugin went on regardless: check the database"));
                }
            }
        } catch (IOException | RuntimeException e) {
            ReadChain.Failure bad = input.failure != null ? input.failure : failureIn(e);
            if (bad != null) {
                problems.add(corrupt(bad, "the restore stopped before replacing any database"));
                badCopy = true;
            }
            if (bad == null || !String.valueOf(e.getMessage()).contains(bad.getMessage())) {
                problems.add(e.getMessage());
            }
        } finally {
            progress.finish();
        }
        return new Attempt(parts.size(), input.bytes, problems, badCopy);
    }

    /**
     * Whether every part is on the copy with its recorded size, so a missing or truncated object fails before the
     * plugin touches any database (a stat per part, no reading).
     *
     * @return null when they all are, else what is wrong
     */
    private static String absentOrWrongSize(Storage storage, List<ObjectRecord> parts) throws IOException {
        for (ObjectRecord o : parts) {
            var info = storage.stat(o.key());
            if (info.isEmpty()) {
                return "dump object " + o.key() + " is missing on storage target " + storage.name()
                        + "; no database was touched";
            }
            if (info.get().size() != o.size()) {
                return "dump object " + o.key() + " on storage target " + storage.name() + " is corrupt: it has "
                        + info.get().size() + " bytes, the catalog says " + o.size() + "; no database was touched";
            }
        }
        return null;
    }

    private static ReadChain.Failure failureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReadChain.Failure f) {
                return f;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ReadChain.Failure f) {
                    return f;
                }
            }
        }
        return null;
    }

    private static String corrupt(ReadChain.Failure f, String consequence) {
        String what = switch (f.problem()) {
            case MISSING -> "is missing";
            case SIZE_MISMATCH, HASH_MISMATCH -> "is corrupt";
            case UNREADABLE -> "cannot be read";
        };
        return "dump object " + f.key() + " on storage target " + f.storage() + " " + what + "; " + consequence
                + " (" + f.getMessage() + ")";
    }

    /** The stored parts as the plugin wrote them, checked against their recorded SHA-256 as they are read. */
    private static final class Parts implements DumpSource.DumpInput {
        private final Storage storage;
        private final List<ObjectRecord> objects;
        private final String identity;
        /** Stored bytes the plugin has read so far. */
        private long bytes;
        private ReadChain.Failure failure;
        private final Progress progress;

        Parts(Storage storage, List<ObjectRecord> objects, String identity, Progress progress) {
            this.storage = storage;
            this.identity = identity;
            this.objects = objects;
            this.progress = progress;
        }

        @Override
        public List<String> parts() {
            return objects.stream().map(o -> partName(RepositoryLayout.fileName(o.key()))).toList();
        }

        private static String partName(String object) {
            String plain = StoredObjects.encrypted(object) ? object.substring(0, object.length() - 4) : object;
            return plain.endsWith(".zst") ? plain.substring(0, plain.length() - 4) : plain;
        }

        @Override
        public InputStream open(String part) throws IOException {
            ObjectRecord o = objects.stream().filter(x -> partName(RepositoryLayout.fileName(x.key())).equals(part))
                    .findFirst().orElseThrow(() -> new IOException("backup has no dump part '" + part + "'"));
            InputStream in;
            try {
                in = ReadChain.open(storage, o.key(), o.size(), o.sha256(), identity).onRead(n -> {
                    bytes += n;
                    progress.advance(n, part);
                }).contentOrClose();
            } catch (ReadChain.Failure f) {
                noteFailure(f);
                throw f;
            }
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (ReadChain.Failure f) {
                        noteFailure(f);
                        throw f;
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return in.read(b, off, len);
                    } catch (ReadChain.Failure f) {
                        noteFailure(f);
                        throw f;
                    }
                }

                @Override
                public long skip(long n) throws IOException {
                    try {
                        return in.skip(n);
                    } catch (ReadChain.Failure f) {
                        noteFailure(f);
                        throw f;
                    }
                }
            };
        }

        /** The first stored object that failed its check, whoever read it (a tool's stdin pump may swallow it). */
        private synchronized void noteFailure(ReadChain.Failure f) {
            if (failure == null) {
                failure = f;
            }
        }
    }
}
