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
import lifeboat.core.repo.StoredObjects;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Source;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a database backup through its source plugin. The plugin reads each dump part decompressed; the core
 * reads each part through the {@link ReadChain}, which checks its size and SHA-256 against the catalog as it streams,
 * so a mismatch fails the restore.
 */
public final class DumpRestoreService {
    private static final Logger LOG = LoggerFactory.getLogger(DumpRestoreService.class);
    private final Sources sources;
    private final BackupStore backups;
    private final RestoreStore restores;
    private final Copies copies;

    public DumpRestoreService(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications,
            RestoreStore restores) {
        this.sources = sources;
        this.backups = backups;
        this.restores = restores;
        this.copies = new Copies(backups, verifications, targets);
    }

    public RestoreResult restore(String backupId, Map<String, String> options, Progress progress)
            throws IOException, SQLException {
        BackupRecord b = copies.restorable(backupId);
        SourceConfig sc = sources.get(b.source());
        Storage storage = copies.readable(b);
        String storageName = storage.name();
        List<ObjectRecord> parts = new ArrayList<>();
        for (ObjectRecord o : backups.objects(backupId)) {
            String name = RepositoryLayout.fileName(o.key());
            if (o.storage().equals(storageName) && !name.equals(RepositoryLayout.METADATA)
                    && !name.equals(RepositoryLayout.SUMS)) {
                parts.add(o);
            }
        }
        Instant started = Instant.now();
        String target = options.getOrDefault("toDb", "(the source's database)");
        long restoreId = restores.start(backupId, storageName, target, started);
        List<String> problems = new ArrayList<>();
        String identity = sources.identity(sc.name(), storageName);
        Parts input = new Parts(storage, parts, identity, progress);
        progress.start("restore " + backupId, parts.stream().mapToLong(ObjectRecord::size).sum());
        try (Source source = sources.open(sc)) {
            if (!(source instanceof DumpSource dump)) {
                throw new IllegalArgumentException("source " + sc.name() + " is not a database source");
            }
            String absent = absentOrWrongSize(storage, parts);
            if (absent != null) {
                problems.add(absent);
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
            }
            if (bad == null || !String.valueOf(e.getMessage()).contains(bad.getMessage())) {
                problems.add(e.getMessage());
            }
        } finally {
            progress.finish();
        }
        Instant finished = Instant.now();
        RestoreStatus status = problems.isEmpty() ? RestoreStatus.RESTORED : RestoreStatus.FAILED;
        restores.finish(restoreId, status, parts.size(), input.bytes,
                problems.isEmpty() ? null : String.join("; ", problems), finished);
        return new RestoreResult(restoreId, backupId, b.source(), storageName, target, status, parts.size(), input.bytes,
                started, finished, Duration.between(started, finished).toMillis(), problems);
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
