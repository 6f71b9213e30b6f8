package lifeboat.core.restore;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.LoggingJobLog;
import lifeboat.core.Progress;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.StoredObjects;
import lifeboat.spi.DumpSource;
import lifeboat.spi.JobLog;
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
    private final Lifeboat lifeboat;

    public DumpRestoreService(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    public RestoreResult restore(String backupId, Map<String, String> options, Progress progress)
            throws IOException, SQLException {
        BackupRecord b = lifeboat.catalog().backup(backupId)
                .orElseThrow(() -> new IllegalArgumentException("no backup with id '" + backupId + "'"));
        if (!b.status().usable()) {
            throw new IllegalArgumentException("backup " + backupId + " is " + b.status().label() + " and cannot be restored");
        }
        SourceConfig sc = lifeboat.sourceConfig(b.source());
        // the first complete copy that is reachable and still has its backup.json: a lost local disk falls
        // through to the offsite copy
        String storageName = null;
        List<String> tried = new ArrayList<>();
        for (CopyRecord c : Copies.inRestoreOrder(lifeboat.catalog(), backupId)) {
            if (!c.status().equals("complete") || lifeboat.config().target(c.storage()).isEmpty()) {
                continue;
            }
            try {
                if (lifeboat.storage(c.storage()).stat(RepositoryLayout.key(b.source(), b.id(),
                        RepositoryLayout.METADATA)).isPresent()) {
                    storageName = c.storage();
                    break;
                }
                tried.add(c.storage() + ": backup.json missing");
            } catch (IOException | RuntimeException e) {
                tried.add(c.storage() + ": " + e.getMessage());
            }
            LOG.warn("backup {} is not readable on {}; trying the next copy", backupId, c.storage());
        }
        if (storageName == null) {
            throw new IOException("no configured storage target holds a complete, reachable copy of backup " + backupId
                    + (tried.isEmpty() ? "" : " (" + String.join("; ", tried) + ")"));
        }
        Storage storage = lifeboat.storage(storageName);
        List<ObjectRecord> parts = new ArrayList<>();
        for (ObjectRecord o : lifeboat.catalog().objects(backupId)) {
            String name = RepositoryLayout.fileName(o.key());
            if (o.storage().equals(storageName) && !name.equals(RepositoryLayout.METADATA)
                    && !name.equals(RepositoryLayout.SUMS)) {
                parts.add(o);
            }
        }
        Instant started = Instant.now();
        String target = options.getOrDefault("toDb", "(the source's database)");
        long restoreId = lifeboat.catalog().startRestore(backupId, storageName, target, started);
        List<String> problems = new ArrayList<>();
        long[] bytes = {0};
        progress.start("restore " + backupId, parts.stream().mapToLong(ObjectRecord::size).sum());
        try (Source source = lifeboat.openSource(sc)) {
            if (!(source instanceof DumpSource dump)) {
                throw new IllegalArgumentException("source " + sc.name() + " is not a database source");
            }
            String identity = sc.encryption() == null ? null : sc.encryption().identity();
            dump.restore(new Parts(storage, parts, identity, bytes, progress), options, new LoggingJobLog(sc.name(), null));
        } catch (IOException | RuntimeException e) {
            problems.add(e.getMessage());
        } finally {
            progress.finish();
        }
        Instant finished = Instant.now();
        String status = problems.isEmpty() ? "restored" : "failed";
        lifeboat.catalog().finishRestore(restoreId, status, parts.size(), bytes[0],
                problems.isEmpty() ? null : String.join("; ", problems), finished);
        return new RestoreResult(restoreId, backupId, b.source(), storageName, target, status, parts.size(), bytes[0],
                started, finished, Duration.between(started, finished).toMillis(), problems);
    }

    /** The stored parts as the plugin wrote them, checked against their recorded SHA-256 as they are read. */
    private static final class Parts implements DumpSource.DumpInput {
        private final Storage storage;
        private final List<ObjectRecord> objects;
        private final String identity;
        private final long[] bytes;
        private final Progress progress;

        Parts(Storage storage, List<ObjectRecord> objects, String identity, long[] bytes, Progress progress) {
            this.storage = storage;
            this.identity = identity;
            this.objects = objects;
            this.bytes = bytes;
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
                bytes[0] += n;
                progress.advance(n, part);
            }).contentOrClose();
        }
    }
}
