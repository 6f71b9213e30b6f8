package lifeboat.core.restore;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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

    /** One copy's try at a restore. */
    @FunctionalInterface
    interface CopyAttempt<T> {
        T run(Storage storage) throws IOException, SQLException;
    }

    /**
     * How trying the copies in turn ended: the last try's {@code result} and its {@code storage}; {@code notUsed}
     * says why each copy before it was given up; {@code allBad}, when not empty, is the failure when every copy was
     * bad (its first line says so, then each copy's reason and the unreadable ones).
     */
    record Tried<T>(T result, Storage storage, List<String> notUsed, List<String> allBad) {
        boolean everyCopyBad() {
            return !allBad.isEmpty();
        }
    }

    /**
     * Runs {@code attempt} on each readable copy in turn until one is not bad: {@code badBecause} tells, from a
     * try's result, why its copy is bad (a missing, unreadable or mismatching object of that copy, so another copy
     * may do), or null when the try stands (it succeeded, or failed in a way another copy would not help).
     *
     * @param everyCopyBad the end of "no copy of backup ID could be restored: ...", for when all were bad
     */
    <T> Tried<T> tryInTurn(BackupRecord b, Readable readable, CopyAttempt<T> attempt, Function<T, String> badBecause,
            String everyCopyBad) throws IOException, SQLException {
        List<String> notUsed = new ArrayList<>();
        T result = null;
        Storage at = null;
        for (Storage storage : readable.storages()) {
            at = storage;
            result = attempt.run(storage);
            String bad = badBecause.apply(result);
            if (bad == null) {
                return new Tried<>(result, storage, List.copyOf(notUsed), List.of());
            }
            String why = "copy on " + storage.name() + " not used: " + bad;
            LOG.warn("restore of {}: {}; trying the next copy", b.id(), why);
            notUsed.add(why);
        }
        List<String> problems = new ArrayList<>();
        problems.add("no copy of backup " + b.id() + " could be restored: " + everyCopyBad);
        problems.addAll(notUsed);
        problems.addAll(readable.unreadable());
        return new Tried<>(result, at, List.of(), List.copyOf(problems));
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
