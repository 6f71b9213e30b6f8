package lifeboat.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.PruneStore;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.CopyHealth;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.EventType;
import lifeboat.core.model.Progress;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.ProofFiles;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.SourceLocks;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a storage target up to date with the complete backups another target holds (a new offsite target, or one
 * that was down), and repairs its copies whose newest verification failed. Each object streams from one target to
 * the other with its SHA-256 checked against the catalog before it is committed; {@code backup.json} goes last, and
 * the copy is recorded only when all of it is durable.
 */
public final class CopyService {
    private static final Logger LOG = LoggerFactory.getLogger(CopyService.class);
    private final Sources sources;
    private final Targets targets;
    private final BackupStore store;
    private final VerificationStore verifications;
    private final Events events;
    private final SourceLocks locks;
    private final PruneStore pruned;
    private final AuditTrail audit;

    public CopyService(Sources sources, Targets targets, BackupStore store, VerificationStore verifications,
            Events events, SourceLocks locks, PruneStore pruned, AuditTrail audit) {
        this.locks = locks;
        this.audit = audit;
        this.sources = sources;
        this.targets = targets;
        this.store = store;
        this.verifications = verifications;
        this.events = events;
        this.pruned = pruned;
    }

    /**
     * Copies, oldest first, every usable backup of the sources that {@code from} has and {@code to} lacks, replaces
     * the objects of {@code to}'s copies whose newest verification failed, and tells people: a failed copy is a
     * problem of its source; a source whose copies all went is fine again.
     */
    public List<CopyResult> copy(String from, String to, List<String> sources, Progress progress)
            throws IOException, SQLException {
        if (from.equals(to)) {
            throw new IllegalArgumentException("--from and --to name the same target '" + from + "'");
        }
        Storage source = targets.get(from);
        Storage target = targets.get(to);
        RepositoryFile.ensure(target);
        List<CopyResult> results = new ArrayList<>();
        List<BackupRecord> backups = new ArrayList<>();
        for (String s : sources) {
            backups.addAll(store.backups(s));
        }
        backups.sort(Comparator.comparing(BackupRecord::startedAt).thenComparing(BackupRecord::id));
        for (BackupRecord b : backups) {
            if (!b.status().usable()) {
                continue;
            }
            // under the source's lock: no backup, verify or restore of it meanwhile
            try (SourceLocks.Held held = locks.await(b.source(), "copy")) {
                CopyResult r = copyUnderLock(b, from, to, source, target, progress);
                if (r != null) {
                    results.add(r);
                }
            }
        }
        for (String s : sources) {
            try {
                ProofFiles.copyMissing(source, target, s);
            } catch (IOException e) {
                LOG.warn("could not copy the proof of {} from {} to {}: {}", s, from, to, e.getMessage());
            }
        }
        report(sources, results);
        return results;
    }

    /** Copies or repairs one backup's copy on {@code to}; null when there is nothing to do. */
    private CopyResult copyUnderLock(BackupRecord b, String from, String to, Storage source, Storage target,
            Progress progress) throws SQLException {
        List<CopyRecord> copies = store.copies(b.id());
        boolean onFrom = copies.stream().anyMatch(c -> c.storage().equals(from) && c.complete());
        CopyRecord onTo = copies.stream().filter(c -> c.storage().equals(to) && c.complete()).findFirst()
                .orElse(null);
        if (!onFrom) {
            return null;
        }
        if (onTo == null && pruned.wasPruned(b.id(), to)) {
            return null; // retention removed it there on purpose: copying it back would undo the prune every night
        }
        if (onTo == null) {
            return copyOne(b, source, target, progress);
        }
        CopyCheck check = CopyCheck.of(onTo, verifications.of(b.id()));
        return check.health() == CopyHealth.CORRUPT ? repair(b, source, target, check, progress) : null;
    }

    private void report(List<String> sources, List<CopyResult> results) {
        Map<String, List<CopyResult>> bySource = new LinkedHashMap<>();
        sources.forEach(s -> bySource.put(s, new ArrayList<>()));
        results.forEach(r -> bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r));
        results.forEach(r -> audit.record(AuditType.COPY, r.source(), "backup", r.backup(), "from", r.from(), "to",
                r.to(), "status", r.status(), "objects", r.objects(), "bytes",
                r.bytes(), "error", r.error()));
        bySource.forEach((source, list) -> {
            List<CopyResult> failed = list.stream().filter(r -> !r.ok()).toList();
            if (failed.isEmpty()) {
                events.resolve(EventType.COPY_FAILED, source, list.size() + " backups of " + source + " copied");
                return;
            }
            CopyResult f = failed.get(0);
            events.raise(Alert.of(EventType.COPY_FAILED, source, f.backup(), "copy of backup " + f.backup() + " of "
                    + source + " from " + f.from() + " to " + f.to() + " failed: " + f.error() + (failed.size() > 1
                            ? " (and " + (failed.size() - 1) + " more backups)" : ""), "check both storage targets"
                    + " (lifeboat verify --target " + f.from() + " " + source + "), then run lifeboat copy --from "
                    + f.from() + " --to " + f.to() + " " + source + " again"));
        });
    }

    private CopyResult copyOne(BackupRecord b, Storage from, Storage to, Progress progress) throws SQLException {
        List<ObjectRecord> objects = new ArrayList<>(store.objects(b.id()).stream()
                .filter(o -> o.storage().equals(from.name())).toList());
        // backup.json last: on the target it is the mark that the backup is whole
        objects.sort(Comparator.comparing(o -> RepositoryLayout.fileName(o.key()).equals(RepositoryLayout.METADATA)));
        long bytes = 0;
        List<ObjectRecord> copied = new ArrayList<>();
        progress.start("copy " + b.id() + " to " + to.name(), objects.stream().mapToLong(ObjectRecord::size).sum());
        try {
            RecodedCopy recoded = new RecodedCopy(b, from, to, sources.identity(b.source(), from.name()),
                    sources.encryption(b.source(), to.name()), progress);
            if (recoded.needed(objects)) {
                copied.addAll(recoded.copy(objects));
                bytes = copied.stream().mapToLong(ObjectRecord::size).sum();
            } else {
                for (ObjectRecord o : objects) {
                    copyObject(o, from, to, progress);
                    copied.add(new ObjectRecord(b.id(), to.name(), o.key(), o.size(), o.sha256(), null));
                    bytes += o.size();
                }
            }
            store.addCopy(new CopyRecord(b.id(), to.name(), CopyStatus.COMPLETE, Instant.now()), copied);
            LOG.info("copied {} of {} from {} to {}: {} objects, {} bytes", b.id(), b.source(), from.name(), to.name(),
                    copied.size(), bytes);
            return new CopyResult(b.id(), b.source(), from.name(), to.name(), CopyResult.Status.COPIED, copied.size(), bytes, null);
        } catch (IOException | RuntimeException e) {
            LOG.error("copy of {} to {} failed: {}", b.id(), to.name(), e.getMessage());
            BackupService.removeObjects(List.of(to), b.source(), b.id());
            return new CopyResult(b.id(), b.source(), from.name(), to.name(), CopyResult.Status.FAILED, 0, 0, e.getMessage());
        } finally {
            progress.finish();
        }
    }

    /**
     * Replaces the objects of a copy that its newest verification found bad (all of them when it named none) with
     * the source's, each checked on the way; the copy keeps what it had when a replacement fails, and on success is
     * recorded as new, so that it counts as not verified until it is verified again.
     */
    private CopyResult repair(BackupRecord b, Storage from, Storage to, CopyCheck check, Progress progress)
            throws SQLException {
        Set<String> named = new HashSet<>();
        for (VerificationStore.FindingRow f : verifications.findings(check.verificationId())) {
            if (f.objectKey() != null) {
                named.add(f.objectKey());
            }
        }
        List<ObjectRecord> onTo = store.objects(b.id()).stream().filter(o -> o.storage().equals(to.name())).toList();
        List<ObjectRecord> replace = store.objects(b.id()).stream()
                .filter(o -> o.storage().equals(from.name()) && (named.isEmpty() || named.contains(o.key())))
                .sorted(Comparator.comparing(o -> RepositoryLayout.fileName(o.key()).equals(RepositoryLayout.METADATA)))
                .toList();
        long bytes = 0;
        progress.start("repair " + b.id() + " on " + to.name(), replace.stream().mapToLong(ObjectRecord::size).sum());
        try {
            for (ObjectRecord o : replace) {
                copyObject(o, from, to, progress);
                bytes += o.size();
            }
            Set<String> replaced = new HashSet<>(replace.stream().map(ObjectRecord::key).toList());
            List<ObjectRecord> objects = new ArrayList<>();
            onTo.stream().filter(o -> !replaced.contains(o.key())).forEach(objects::add);
            replace.forEach(o -> objects.add(new ObjectRecord(b.id(), to.name(), o.key(), o.size(), o.sha256(), null)));
            store.addCopy(new CopyRecord(b.id(), to.name(), CopyStatus.COMPLETE, Instant.now()), objects);
            LOG.info("repaired {} of {} on {} from {} (verification {} had failed): {} objects, {} bytes", b.id(),
                    b.source(), to.name(), from.name(), check.verificationId(), replace.size(), bytes);
            return new CopyResult(b.id(), b.source(), from.name(), to.name(), CopyResult.Status.REPAIRED,
                    replace.size(), bytes, null);
        } catch (IOException | RuntimeException e) {
            LOG.error("repair of {} on {} failed: {}", b.id(), to.name(), e.getMessage());
            return new CopyResult(b.id(), b.source(), from.name(), to.name(), CopyResult.Status.FAILED, 0, 0,
                    "repair of the copy whose verification " + check.verificationId() + " failed: " + e.getMessage());
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
