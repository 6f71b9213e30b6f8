package lifeboat.core.prune;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.PruneStore;
import lifeboat.core.catalog.PrunedCopy;
import lifeboat.core.catalog.RestoreStore;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.config.RetentionPolicy;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.prune.PruneReport.SourcePrune;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.trial.BackupGrader;
import lifeboat.core.trial.BackupGrader.Assessment;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each source's retention to its copies on each storage target, and removes what no rule keeps and nothing
 * protects: the one service behind {@code lifeboat prune} and the daemon's {@code prune} action.
 *
 * <p>Whatever the rules say, these are kept: the newest good backup of the source on each target (see
 * {@link BackupGrader}); every backup a kept one depends on (the full and differential under a kept incremental);
 * a backup a restore or trial restore is reading (by its running record), with its chain; everything of a source
 * whose last backup failed while only one good backup remains. A backup under an Object Lock retention is left and
 * reported. Prune waits for the source's lock and holds it while it works, so no backup, verify, copy, restore or
 * trial restore of the source runs meanwhile, by hand or by the daemon.
 *
 * <p>Crash-safe: the catalog first marks the copies to remove {@code removing} (one transaction per target; no
 * reader takes them from then on); then, newest first (a chain loses its newest links first), each copy's
 * {@code backup.json} goes (so the rest never looks whole), then its other objects; then the catalog rows go. A
 * prune killed at any instant leaves copies that are either whole or marked removing, never a half-removed one
 * that claims to be whole, and the next prune finishes every copy marked removing before it decides anything.
 */
public final class PruneService {
    private static final Logger LOG = LoggerFactory.getLogger(PruneService.class);
    /** A restore still marked running after this long is taken for one whose process died. */
    private static final Duration RESTORE_STALE = Duration.ofDays(1);

    private final Sources sources;
    private final Targets targets;
    private final BackupStore backups;
    private final PruneStore pruned;
    private final BackupGrader grader;
    private final TrialStore trials;
    private final RestoreStore restores;
    private final SourceLocks locks;
    private final Clock clock;

    private final AuditTrail audit;

    public PruneService(Sources sources, Targets targets, BackupStore backups, PruneStore pruned, BackupGrader grader,
            TrialStore trials, RestoreStore restores, SourceLocks locks, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.sources = sources;
        this.targets = targets;
        this.backups = backups;
        this.pruned = pruned;
        this.grader = grader;
        this.trials = trials;
        this.restores = restores;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * Prunes the named sources ({@code onlyTarget}: only the copies there; null: every target of each source).
     * A dry run decides the same and removes nothing.
     */
    public PruneReport prune(List<String> names, String onlyTarget, boolean dryRun) throws IOException, SQLException {
        List<SourceConfig> chosen = new ArrayList<>();
        for (String n : names) {
            SourceConfig sc = sources.get(n);
            if (onlyTarget != null) {
                targets.config(onlyTarget); // names the config file when there is no such target
            }
            chosen.add(sc);
        }
        List<SourcePrune> out = new ArrayList<>();
        for (SourceConfig sc : chosen) {
            if (dryRun) {
                out.add(pruneSource(sc, onlyTarget, true));
                continue;
            }
            // under the source's lock: no backup, verify, copy, restore or trial restore of it meanwhile
            try (SourceLocks.Held held = locks.await(sc.name(), "prune")) {
                out.add(pruneSource(sc, onlyTarget, false));
            }
        }
        return new PruneReport(dryRun, out);
    }

    private SourcePrune pruneSource(SourceConfig sc, String onlyTarget, boolean dryRun)
            throws IOException, SQLException {
        List<String> finished = dryRun ? List.of() : finishInterrupted(sc.name());
        List<BackupRecord> all = backups.backups(sc.name());
        Map<String, BackupRecord> byId = new HashMap<>();
        all.forEach(b -> byId.put(b.id(), b));
        Map<String, List<CopyRecord>> copies = backups.copiesByBackup(sc.name());
        Map<String, Map<String, Long>> sizes = backups.copySizes(sc.name());
        Set<String> good = new HashSet<>();
        for (Assessment a : grader.assess(sc.name())) {
            if (a.good()) {
                good.add(a.backup().id());
            }
        }
        String sourceHold = lastFailedHold(all, good);
        Set<String> inUse = dependencies(inUse(sc.name()), byId);
        List<Decision> decisions = new ArrayList<>();
        for (String target : sc.storage()) {
            if (onlyTarget != null && !onlyTarget.equals(target)) {
                continue;
            }
            List<BackupRecord> here = all.stream().filter(b -> b.status().usable() && copies.getOrDefault(b.id(),
                    List.of()).stream().anyMatch(c -> c.storage().equals(target) && c.complete()))
                    .sorted(Comparator.comparing(BackupRecord::startedAt).thenComparing(BackupRecord::id).reversed())
                    .toList();
            decisions.addAll(decide(sc, target, here, byId, good, sourceHold, inUse, sizes, dryRun));
        }
        return new SourcePrune(sc.name(), finished, decisions);
    }

    /** The reason nothing of the source may go, or null: its last backup failed and one good backup is left. */
    private static String lastFailedHold(List<BackupRecord> all, Set<String> good) {
        BackupRecord last = null;
        for (BackupRecord b : all) {
            if (b.status() != BackupStatus.RUNNING && b.status() != BackupStatus.PRUNED) {
                last = b; // oldest first: the last one wins
            }
        }
        if (last != null && last.status() == BackupStatus.FAILED && good.size() <= 1) {
            return "protected: the last backup (" + last.id() + ") failed and only " + good.size()
                    + " good backup remains";
        }
        return null;
    }

    /** The backups restores and trial restores are reading now. */
    private Set<String> inUse(String source) throws SQLException {
        Set<String> out = new HashSet<>(restores.runningSince(clock.instant().minus(RESTORE_STALE)));
        for (TrialRecord t : trials.of(source)) {
            if (t.status() == TrialStatus.RUNNING && !ProcessOwner.isDead(t.owner(), t.startedAt())) {
                out.add(t.backupId());
            }
        }
        return out;
    }

    /** The backups and every backup they depend on (parents up to the full). */
    private static Set<String> dependencies(Set<String> ids, Map<String, BackupRecord> byId) {
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            BackupRecord b = byId.get(id);
            while (b != null && out.add(b.id())) {
                b = b.parentId() == null ? null : byId.get(b.parentId());
            }
        }
        return out;
    }

    private List<Decision> decide(SourceConfig sc, String target, List<BackupRecord> here,
            Map<String, BackupRecord> byId, Set<String> good, String sourceHold, Set<String> inUse,
            Map<String, Map<String, Long>> sizes, boolean dryRun) throws IOException, SQLException {
        Map<String, List<String>> keep = new LinkedHashMap<>();
        Optional<RetentionPolicy> policy = sc.retention().on(target);
        if (policy.isEmpty()) {
            here.forEach(b -> add(keep, b.id(), "no retention set for " + sc.name() + " on " + target));
        } else {
            keep.putAll(RetentionRules.keep(policy.get(), here.stream()
                    .map(b -> new RetentionRules.Dated(b.id(), b.startedAt())).toList(), sc.timeZone()));
        }
        here.stream().filter(b -> good.contains(b.id())).findFirst()
                .ifPresent(b -> add(keep, b.id(), "protected: the latest good backup on " + target));
        for (BackupRecord b : here) {
            if (sourceHold != null) {
                add(keep, b.id(), sourceHold);
            }
            if (inUse.contains(b.id())) {
                add(keep, b.id(), "protected: in use by a restore or trial restore now");
            }
        }
        Storage storage = targets.get(target);
        Map<String, String> locked = new HashMap<>();
        Map<String, List<ObjectRecord>> objects = backups.objectsOn(sc.name(), target);
        for (BackupRecord b : here) {
            if (!keep.containsKey(b.id())) {
                lockedUntil(storage, b, objects.getOrDefault(b.id(), List.of())).ifPresent(until -> locked.put(b.id(), "under Object Lock retention until "
                        + until + ": left for now"));
            }
        }
        // a kept or locked backup keeps every backup under it on this target
        Set<String> onTarget = new HashSet<>();
        here.forEach(b -> onTarget.add(b.id()));
        for (BackupRecord b : here) {
            if (!keep.containsKey(b.id()) && !locked.containsKey(b.id())) {
                continue;
            }
            BackupRecord child = b;
            BackupRecord parent = parentOf(b, byId);
            while (parent != null) {
                if (onTarget.contains(parent.id())) {
                    add(keep, parent.id(), "protected: needed by " + child.id() + " (" + child.level() + ")");
                }
                child = parent;
                parent = parentOf(parent, byId);
            }
        }
        List<Decision> out = new ArrayList<>();
        for (BackupRecord b : here) { // newest first: children go before the backups they depend on
            long bytes = sizes.getOrDefault(b.id(), Map.of()).getOrDefault(target, 0L);
            Decision d;
            if (keep.containsKey(b.id())) {
                d = new Decision(b.id(), target, b.startedAt(), b.level(), Verdict.KEEP,
                        String.join("; ", keep.get(b.id())), bytes, false, null);
            } else if (locked.containsKey(b.id())) {
                d = new Decision(b.id(), target, b.startedAt(), b.level(), Verdict.LOCKED, locked.get(b.id()), bytes,
                        false, null);
            } else {
                d = new Decision(b.id(), target, b.startedAt(), b.level(), Verdict.REMOVE,
                        "no rule keeps it (" + policy.map(RetentionPolicy::describe).orElse("") + ")", bytes, false,
                        null);
            }
            out.add(d);
        }
        return dryRun ? out : remove(sc.name(), storage, out);
    }

    private static BackupRecord parentOf(BackupRecord b, Map<String, BackupRecord> byId) {
        return b.parentId() == null || b.parentId().equals(b.id()) ? null : byId.get(b.parentId());
    }

    /** The latest retention date of the copy's objects on a target with Object Lock, if any is locked now. */
    private Optional<Instant> lockedUntil(Storage storage, BackupRecord b, List<ObjectRecord> objects)
            throws IOException {
        Instant now = clock.instant();
        Instant until = null;
        List<String> keys = new ArrayList<>();
        keys.add(RepositoryLayout.key(b.source(), b.id(), RepositoryLayout.METADATA));
        for (ObjectRecord o : objects) {
            if (!keys.contains(o.key())) {
                keys.add(o.key());
            }
        }
        for (String key : keys) {
            Optional<Instant> u = storage.retainedUntil(key);
            if (u.isPresent() && u.get().isAfter(now) && (until == null || u.get().isAfter(until))) {
                until = u.get();
            }
        }
        return Optional.ofNullable(until);
    }

    /**
     * Removes the copies decided for removal, newest first: all marked removing in one transaction, then each one's
     * objects, then their rows in one transaction. A copy whose objects could not all be removed stays marked.
     */
    private List<Decision> remove(String source, Storage storage, List<Decision> decided) throws SQLException {
        List<PruneStore.Removal> wanted = decided.stream().filter(d -> d.verdict() == Verdict.REMOVE)
                .map(d -> new PruneStore.Removal(d.backupId(), storage.name(), d.reason(), d.bytes())).toList();
        if (wanted.isEmpty()) {
            return decided;
        }
        Set<String> marked = new HashSet<>();
        pruned.markRemoving(wanted, clock.instant()).forEach(r -> marked.add(r.backupId()));
        List<String> gone = new ArrayList<>();
        List<Decision> out = new ArrayList<>();
        for (Decision d : decided) {
            if (d.verdict() != Verdict.REMOVE) {
                out.add(d);
            } else if (!marked.contains(d.backupId())) {
                out.add(d.done(false, "its copy changed while prune ran; left for the next prune"));
            } else {
                try {
                    deleteObjects(storage, source, d.backupId());
                    gone.add(d.backupId());
                    out.add(d.done(true, null));
                    audit.record(AuditType.PRUNE, source, "backup", d.backupId(), "storage", storage.name(),
                            "reason", d.reason(), "bytes", d.bytes());
                    LOG.info("pruned backup {} of {} from {}: {}", d.backupId(), source, storage.name(), d.reason());
                } catch (IOException e) {
                    LOG.warn("could not remove backup {} of {} from {}: {}", d.backupId(), source, storage.name(),
                            e.getMessage());
                    out.add(d.done(false, "removal from " + storage.name() + " failed (" + e.getMessage()
                            + "); it stays marked removing and the next prune tries again"));
                }
            }
        }
        pruned.removed(gone, storage.name(), clock.instant());
        return out;
    }

    /** {@code backup.json} first, so what is left never claims to be a whole backup; then everything else. */
    private static void deleteObjects(Storage storage, String source, String id) throws IOException {
        String prefix = RepositoryLayout.backupPrefix(source, id);
        storage.delete(prefix + RepositoryLayout.METADATA);
        for (var o : storage.list(prefix)) {
            storage.delete(o.key());
        }
        storage.removeIncomplete(prefix);
    }

    /** The copies of a source (all when null) that prune removed or is removing: the auditors' history. */
    public List<PrunedCopy> history(String source) throws SQLException {
        return pruned.history(source);
    }

    /** Completes the removals an earlier prune was killed in the middle of; returns them as {@code id on target}. */
    private List<String> finishInterrupted(String source) throws IOException, SQLException {
        List<String> out = new ArrayList<>();
        for (PrunedCopy p : pruned.unfinished(source)) {
            boolean stillMarked = backups.copies(p.backupId()).stream()
                    .anyMatch(c -> c.storage().equals(p.storage()) && c.status() == CopyStatus.REMOVING);
            if (!stillMarked) {
                continue; // complete again (copied back since): nothing to finish
            }
            if (!targets.configured(p.storage())) {
                continue; // its target is no longer configured: it cannot be reached, so it stays marked
            }
            deleteObjects(targets.get(p.storage()), source, p.backupId());
            pruned.removed(List.of(p.backupId()), p.storage(), clock.instant());
            LOG.info("finished the interrupted removal of backup {} of {} from {}", p.backupId(), source, p.storage());
            out.add(p.backupId() + " on " + p.storage());
            audit.record(AuditType.PRUNE, source, "backup", p.backupId(), "storage", p.storage(), "reason",
                    "finishing an interrupted removal");
        }
        return out;
    }

    private static void add(Map<String, List<String>> keep, String id, String reason) {
        List<String> reasons = keep.computeIfAbsent(id, k -> new ArrayList<>());
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
    }
}
