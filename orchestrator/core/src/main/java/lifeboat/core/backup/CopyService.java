package lifeboat.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import lifeboat.core.Lifeboat;
import lifeboat.core.Progress;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a storage target up to date with the complete backups another target holds (a new offsite target, or one
 * that was down). Each object streams from one target to the other with its SHA-256 checked against the catalog
 * before it is committed; {@code backup.json} goes last, and the copy is recorded only when all of it is durable.
 */
public final class CopyService {
    private static final Logger LOG = LoggerFactory.getLogger(CopyService.class);
    private final Lifeboat lifeboat;

    public CopyService(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    /** Copies, oldest first, every usable backup of the sources that {@code from} has and {@code to} lacks. */
    public List<CopyResult> copy(String from, String to, List<String> sources, Progress progress)
            throws IOException, SQLException {
        if (from.equals(to)) {
            throw new IllegalArgumentException("--from and --to name the same target '" + from + "'");
        }
        Storage source = lifeboat.storage(from);
        Storage target = lifeboat.storage(to);
        RepositoryFile.ensure(target);
        List<CopyResult> results = new ArrayList<>();
        List<BackupRecord> backups = new ArrayList<>();
        for (String s : sources) {
            backups.addAll(lifeboat.catalog().backups(s));
        }
        backups.sort(Comparator.comparing(BackupRecord::startedAt).thenComparing(BackupRecord::id));
        for (BackupRecord b : backups) {
            if (!b.status().usable()) {
                continue;
            }
            List<CopyRecord> copies = lifeboat.catalog().copies(b.id());
            boolean onFrom = copies.stream().anyMatch(c -> c.storage().equals(from) && c.status().equals("complete"));
            boolean onTo = copies.stream().anyMatch(c -> c.storage().equals(to) && c.status().equals("complete"));
            if (!onFrom || onTo) {
                continue;
            }
            results.add(copyOne(b, source, target, progress));
        }
        return results;
    }

    private CopyResult copyOne(BackupRecord b, Storage from, Storage to, Progress progress) throws SQLException {
        List<ObjectRecord> objects = new ArrayList<>(lifeboat.catalog().objects(b.id()).stream()
                .filter(o -> o.storage().equals(from.name())).toList());
        // backup.json last: on the target it is the mark that the backup is whole
        objects.sort(Comparator.comparing(o -> RepositoryLayout.fileName(o.key()).equals(RepositoryLayout.METADATA)));
        long bytes = 0;
        List<ObjectRecord> copied = new ArrayList<>();
        progress.start("copy " + b.id() + " to " + to.name(), objects.stream().mapToLong(ObjectRecord::size).sum());
        try {
            for (ObjectRecord o : objects) {
                copyObject(o, from, to, progress);
                copied.add(new ObjectRecord(b.id(), to.name(), o.key(), o.size(), o.sha256(), null));
                bytes += o.size();
            }
            lifeboat.catalog().addCopy(new CopyRecord(b.id(), to.name(), "complete", Instant.now()), copied);
            LOG.info("copied {} of {} from {} to {}: {} objects, {} bytes", b.id(), b.source(), from.name(), to.name(),
                    copied.size(), bytes);
            return new CopyResult(b.id(), b.source(), from.name(), to.name(), "copied", copied.size(), bytes, null);
        } catch (IOException | RuntimeException e) {
            LOG.error("copy of {} to {} failed: {}", b.id(), to.name(), e.getMessage());
            BackupService.removeObjects(List.of(to), b.source(), b.id());
            return new CopyResult(b.id(), b.source(), from.name(), to.name(), "failed", 0, 0, e.getMessage());
        } finally {
            progress.finish();
        }
    }

    private static void copyObject(ObjectRecord o, Storage from, Storage to, Progress progress) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (ReadChain chain = ReadChain.open(from, o.key(), o.size(), o.sha256(), null);
                InputStream in = chain.raw();
                PendingObject out = to.create(o.key())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                progress.advance(n, o.key());
            }
            chain.finish();
            out.commit();
        } catch (ReadChain.Failure e) {
            throw new IOException(e.getMessage() + ": not copied", e);
        }
    }
}
