package lifeboat.core.trial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyState;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.TrialStatus;

/**
 * The grading rules of {@link BackupGrader} for the backups of one source, from rows read once: its trial restores,
 * indexed here by the backup they restored, and each backup's copies as their rows keep them ({@link CopyState}).
 * Grading a backup then costs its own copies and trials, not a pass over all of the source's.
 *
 * <p>A passed trial counts for a backup once the backup it restored has been {@link #seen}: a backup is vouched for
 * only by trials of itself or of later backups of its chain, so grading newest first, every backup that can vouch
 * for one has been seen before it.
 */
final class Grading {
    /** A passed trial with the backup it restored, and its place among the source's trials (oldest first). */
    private record Passed(int order, TrialRecord trial, BackupRecord backup) {
    }

    /** Per backup, its newest trial that is not running (equal start times: the first recorded). */
    private final Map<String, TrialRecord> latest = new HashMap<>();
    /** Per backup, its passed trials with their places, until the backup is seen. */
    private final Map<String, List<Map.Entry<Integer, TrialRecord>>> passedOf = new HashMap<>();
    private final Map<String, List<Passed>> passedByBackup = new HashMap<>();
    private final Map<String, List<Passed>> passedByFull = new HashMap<>();

    /** @param trials the source's trial restores, oldest first (started_at, then id) */
    Grading(List<TrialRecord> trials) {
        for (int i = 0; i < trials.size(); i++) {
            TrialRecord t = trials.get(i);
            if (t.status() != TrialStatus.RUNNING) {
                TrialRecord l = latest.get(t.backupId());
                if (l == null || t.startedAt().isAfter(l.startedAt())) {
                    latest.put(t.backupId(), t);
                }
            }
            if (t.passed()) {
                passedOf.computeIfAbsent(t.backupId(), k -> new ArrayList<>()).add(Map.entry(i, t));
            }
        }
    }

    /** Takes in one of the source's backups: its passed trials count from now on. */
    void seen(BackupRecord b) {
        List<Map.Entry<Integer, TrialRecord>> passed = passedOf.remove(b.id());
        if (passed == null) {
            return;
        }
        for (Map.Entry<Integer, TrialRecord> e : passed) {
            Passed p = new Passed(e.getKey(), e.getValue(), b);
            passedByBackup.computeIfAbsent(b.id(), k -> new ArrayList<>()).add(p);
            if (b.fullId() != null) {
                passedByFull.computeIfAbsent(b.fullId(), k -> new ArrayList<>()).add(p);
            }
        }
    }

    /**
     * One backup's grade from its copies' states (in the order of their targets' names); the backup itself and every
     * later one of the source must have been {@link #seen}.
     */
    BackupGrader.Assessment assess(BackupRecord b, List<CopyState> copies, boolean needTrial) {
        if (b.status() != BackupStatus.COMPLETE) {
            return new BackupGrader.Assessment(b, Grade.NONE, false, b.status() == BackupStatus.PARTIAL
                    ? "partial: some files could not be read" : b.status().label()
                            + (b.error() == null ? "" : ": " + b.error()), null, null, null);
        }
        CopyGrade copy = bestCopy(copies);
        if (copy.storage() == null) {
            return new BackupGrader.Assessment(b, Grade.COMPLETE, false, copy.problem(), null, null, null);
        }
        CopyState.Verified evidence = copy.evidence();
        TrialRecord trial = latest.get(b.id());
        if (trial != null && trial.status() == TrialStatus.FAILED) {
            String failed = trial.checks().stream().filter(c -> !c.passed())
                    .map(c -> c.name() + " (" + c.detail() + ")").findFirst().orElse(trial.error());
            return new BackupGrader.Assessment(b, Grade.VERIFIED, false, "trial restore " + trial.id() + " failed: "
                    + failed, copy.storage(), evidence, trial);
        }
        TrialRecord passed = passedTrial(b);
        if (passed != null) {
            return new BackupGrader.Assessment(b, Grade.RESTORABLE, true, null, copy.storage(), evidence, passed);
        }
        if (needTrial) {
            return new BackupGrader.Assessment(b, Grade.VERIFIED, false, "never trial-restored", copy.storage(),
                    evidence, null);
        }
        return new BackupGrader.Assessment(b, Grade.VERIFIED, true, null, copy.storage(), evidence, null);
    }

    /** The verified copy with the newest evidence, or why no copy is verified. */
    private record CopyGrade(String storage, CopyState.Verified evidence, String problem) {
    }

    private static CopyGrade bestCopy(List<CopyState> copies) {
        CopyGrade best = null;
        List<String> corrupt = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (CopyState c : copies) {
            if (!c.copy().complete()) {
                continue;
            }
            // a key problem says nothing about the bytes: it neither proves nor condemns a copy
            CopyState.Verified failed = c.failed();
            CopyState.Verified proof = c.proof();
            if (failed != null && (proof == null || proof.finishedAt().isBefore(failed.finishedAt()))) {
                corrupt.add("corrupt: verification " + failed.id() + " on " + c.copy().storage() + " at "
                        + failed.finishedAt() + " found " + failed.findings() + " problem(s)");
            } else if (proof != null || c.objectsVerified()) {
                if (best == null || (proof != null && (best.evidence() == null
                        || proof.finishedAt().isAfter(best.evidence().finishedAt())))) {
                    best = new CopyGrade(c.copy().storage(), proof, null);
                }
            } else {
                unverified.add(c.copy().storage());
            }
        }
        if (best != null) {
            return best;
        }
        if (corrupt.isEmpty() && unverified.isEmpty()) {
            return new CopyGrade(null, null, "no complete copy on any storage target");
        }
        if (corrupt.isEmpty()) {
            return new CopyGrade(null, null, "never verified");
        }
        return new CopyGrade(null, null, String.join("; ", corrupt)
                + (unverified.isEmpty() ? "" : "; never verified on " + String.join(", ", unverified)));
    }

    /**
     * The newest passed trial of this backup or of a later one that restores through it (same full, started later);
     * equal start times: the first recorded.
     */
    private TrialRecord passedTrial(BackupRecord b) {
        Passed best = newest(null, passedByBackup.get(b.id()), b);
        if (b.kind() == BackupKind.FILES && b.fullId() != null) {
            best = newest(best, passedByFull.get(b.fullId()), b);
        }
        return best == null ? null : best.trial();
    }

    private static Passed newest(Passed best, List<Passed> candidates, BackupRecord b) {
        if (candidates == null) {
            return best;
        }
        for (Passed p : candidates) {
            boolean covers = p.backup().id().equals(b.id()) || p.backup().startedAt().isAfter(b.startedAt());
            if (covers && (best == null || p.trial().startedAt().isAfter(best.trial().startedAt())
                    || (p.trial().startedAt().equals(best.trial().startedAt()) && p.order() < best.order()))) {
                best = p;
            }
        }
        return best;
    }
}
