package lifeboat.core.restore;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.CopyHealth;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the copy of a backup a restore reads. */
final class Copies {
    private static final Logger LOG = LoggerFactory.getLogger(Copies.class);

    private final BackupStore backups;
    private final VerificationStore verifications;
    private final Targets targets;

    Copies(BackupStore backups, VerificationStore verifications, Targets targets) {
        this.backups = backups;
        this.verifications = verifications;
        this.targets = targets;
    }

    /** The backup with this id, if it can be restored: complete or partial. */
    BackupRecord restorable(String backupId) throws SQLException {
        BackupRecord b = backups.backup(backupId)
                .orElseThrow(() -> new IllegalArgumentException("no backup with id '" + backupId + "'"));
        if (!b.status().usable()) {
            throw new IllegalArgumentException("backup " + backupId + " is " + b.status().label() + " and cannot be restored");
        }
        return b;
    }

    /** The copies a restore may read, best first, and why the other complete copies cannot be read. */
    record Readable(List<Storage> storages, List<String> unreadable) {
    }

    /**
     * The first complete copy on a configured target that is reachable and still has its {@code backup.json}: a lost
     * local disk falls through to the offsite copy.
     */
    Storage readable(BackupRecord b) throws IOException, SQLException {
        return candidates(b).storages().get(0);
    }

    /**
     * Every complete copy on a configured target that is reachable and still has its {@code backup.json}, in the
     * order a restore tries them; throws when there is none.
     */
    Readable candidates(BackupRecord b) throws IOException, SQLException {
        List<String> tried = new ArrayList<>();
        List<Storage> found = new ArrayList<>();
        for (CopyRecord c : inRestoreOrder(b.id())) {
            if (!targets.configured(c.storage())) {
                continue;
            }
            try {
                Storage s = targets.get(c.storage());
                if (s.stat(RepositoryLayout.key(b.source(), b.id(), RepositoryLayout.METADATA)).isPresent()) {
                    found.add(s);
                    continue;
                }
                tried.add(c.storage() + ": backup.json missing");
            } catch (IOException | RuntimeException e) {
                tried.add(c.storage() + ": " + e.getMessage());
            }
            LOG.warn("backup {} is not readable on {}; trying the next copy", b.id(), c.storage());
        }
        if (found.isEmpty()) {
            throw new IOException("no configured storage target holds a complete, readable copy of backup " + b.id()
                    + (tried.isEmpty() ? "" : " (" + String.join("; ", tried) + ")"));
        }
        return new Readable(List.copyOf(found), List.copyOf(tried));
    }

    /**
     * The complete copies in catalog order, except that a copy whose newest verification failed goes last: with an
     * intact copy elsewhere (offsite) the restore reads that one first instead of failing on the corrupt one.
     */
    private List<CopyRecord> inRestoreOrder(String backupId) throws SQLException {
        List<VerificationRecord> checked = verifications.of(backupId);
        List<CopyRecord> good = new ArrayList<>();
        List<CopyRecord> bad = new ArrayList<>();
        for (CopyRecord c : backups.copies(backupId)) {
            if (!c.complete()) {
                continue;
            }
            boolean corrupt = CopyCheck.of(c, checked).health() == CopyHealth.CORRUPT;
            (corrupt ? bad : good).add(c);
        }
        good.addAll(bad);
        return good;
    }
}
