package lifeboat.core.restore;

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
            dump.restore(input, options, new LoggingJobLog(sc.name(), null));
        } catch (IOException | RuntimeException e) {
            problems.add(e.getMessage());
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

    /** The stored parts as the plugin wrote them, checked against their recorded SHA-256 as they are read. */
    private static final class Parts implements DumpSource.DumpInput {
        private final Storage storage;
        private final List<ObjectRecord> objects;
        private final String identity;
        /** Stored bytes the plugin has read so far. */
        private long bytes;
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
            return ReadChain.open(storage, o.key(), o.size(), o.sha256(), identity).onRead(n -> {
                bytes += n;
                progress.advance(n, part);
            }).contentOrClose();
        }
    }
}
