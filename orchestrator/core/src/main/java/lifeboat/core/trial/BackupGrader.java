package lifeboat.core.trial;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyMode;

/**
 * Grades backups from the catalog's evidence and finds the latest good one. A backup is good when it is complete,
 * its objects passed a verification that re-read them all (a full or sample one, or rolling ones that together
 * reached every object) with no failed verification since,
 * and, for a source with restore tests, a trial restore of it or of a later backup in its chain passed (a later
 * backup's restore reads the earlier archives of its chain).
 */
public final class BackupGrader {
    private final BackupStore backups;
    private final VerificationStore verifications;
    private final TrialStore trials;

    public BackupGrader(BackupStore backups, VerificationStore verifications, TrialStore trials) {
        this.backups = backups;
        this.verifications = verifications;
        this.trials = trials;
    }

    /** One backup's grade and, when it falls short, why. */
    public record Assessment(BackupRecord backup, Grade grade, boolean good, String reason,
            VerificationRecord verification, TrialRecord trial) {
    }

    public List<Assessment> assess(String source, boolean hasRestoreTests) throws SQLException {
        List<BackupRecord> all = backups.backups(source);
        Map<String, BackupRecord> byId = new HashMap<>();
        all.forEach(b -> byId.put(b.id(), b));
        List<TrialRecord> tried = trials.of(source);
        Map<String, List<VerificationRecord>> checks = new HashMap<>();
        for (VerificationRecord v : verifications.ofSource(source)) {
            checks.computeIfAbsent(v.backupId(), k -> new ArrayList<>()).add(v);
        }
        Set<String> fullyVerified = backups.fullyVerified(source);
        List<Assessment> out = new ArrayList<>(all.size());
        for (BackupRecord b : all) {
            out.add(assess(b, byId, tried, checks.getOrDefault(b.id(), List.of()), fullyVerified.contains(b.id()),
                    hasRestoreTests));
        }
        return out;
    }

    private static Assessment assess(BackupRecord b, Map<String, BackupRecord> byId, List<TrialRecord> trials,
            List<VerificationRecord> checked, boolean allObjectsVerified, boolean hasTests) {
        if (b.status() != BackupStatus.COMPLETE) {
            return new Assessment(b, Grade.NONE, false, b.status() == BackupStatus.PARTIAL
                    ? "partial: some files could not be read" : b.status().label()
                            + (b.error() == null ? "" : ": " + b.error()), null, null);
        }
        Optional<VerificationRecord> lastFailed = checked.stream().filter(v -> !v.ok())
                .max(Comparator.comparing(VerificationRecord::finishedAt));
        Optional<VerificationRecord> lastOk = checked.stream()
                .filter(v -> v.ok() && (v.mode() == VerifyMode.FULL || v.mode() == VerifyMode.SAMPLE))
                .max(Comparator.comparing(VerificationRecord::finishedAt));
        if (lastFailed.isPresent() && (lastOk.isEmpty() || lastOk.get().finishedAt().isBefore(lastFailed.get().finishedAt()))) {
            return new Assessment(b, Grade.COMPLETE, false, "corrupt: verification " + lastFailed.get().id() + " on "
                    + lastFailed.get().storage() + " at " + lastFailed.get().finishedAt() + " found "
                    + lastFailed.get().findings() + " problem(s)", lastFailed.get(), null);
        }
        VerificationRecord evidence = lastOk.orElse(null);
        if (evidence == null && !allObjectsVerified) {
            return new Assessment(b, Grade.COMPLETE, false, "never verified", null, null);
        }
        TrialRecord trial = latestTrial(b, trials);
        if (trial != null && !trial.passed() && trial.backupId().equals(b.id())) {
            String failed = trial.checks().stream().filter(c -> !c.passed())
                    .map(c -> c.name() + " (" + c.detail() + ")").findFirst().orElse(trial.error());
            return new Assessment(b, Grade.VERIFIED, false, "trial restore " + trial.id() + " failed: " + failed,
                    evidence, trial);
        }
        TrialRecord passed = passedTrial(b, byId, trials);
        if (passed != null) {
            return new Assessment(b, Grade.RESTORABLE, true, null, evidence, passed);
        }
        if (hasTests) {
            return new Assessment(b, Grade.VERIFIED, false, "never trial-restored", evidence, null);
        }
        return new Assessment(b, Grade.VERIFIED, true, null, evidence, null);
    }

    /** The newest trial of this very backup. */
    private static TrialRecord latestTrial(BackupRecord b, List<TrialRecord> trials) {
        return trials.stream().filter(t -> t.backupId().equals(b.id()) && t.status() != TrialStatus.RUNNING)
                .max(Comparator.comparing(TrialRecord::startedAt)).orElse(null);
    }

    /** A passed trial of this backup or of a later one that restores through it (same full, started later). */
    private static TrialRecord passedTrial(BackupRecord b, Map<String, BackupRecord> byId, List<TrialRecord> trials) {
        TrialRecord best = null;
        for (TrialRecord t : trials) {
            if (!t.passed()) {
                continue;
            }
            BackupRecord tb = byId.get(t.backupId());
            boolean covers = tb != null && (tb.id().equals(b.id()) || (b.kind() == BackupKind.FILES && b.fullId() != null
                    && b.fullId().equals(tb.fullId()) && tb.startedAt().isAfter(b.startedAt())));
            if (covers && (best == null || t.startedAt().isAfter(best.startedAt()))) {
                best = t;
            }
        }
        return best;
    }

    /**
     * The newest good backup started at or before {@code before} (null: any time); its {@code id} is null when
     * there is none, and {@code skipped} then says why for each.
     */
    public LatestGood latestGood(String source, Instant before, boolean hasRestoreTests) throws SQLException {
        List<Assessment> all = assess(source, hasRestoreTests);
        List<LatestGood.Skipped> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Assessment a = all.get(i);
            if (before != null && a.backup().startedAt().isAfter(before)) {
                continue;
            }
            if (a.backup().status() == BackupStatus.RUNNING) {
                continue;
            }
            if (!a.good()) {
                skipped.add(new LatestGood.Skipped(a.backup().id(), a.grade(), a.reason()));
                continue;
            }
            VerificationRecord v = a.verification();
            TrialRecord t = a.trial();
            return new LatestGood(source, a.backup().id(), a.grade(), a.backup().startedAt(),
                    new LatestGood.Evidence(v == null ? null : v.id(), v == null ? null : v.finishedAt(),
                            v == null ? null : v.mode(), t == null ? null : t.id(), t == null ? null : t.backupId(),
                            t == null ? null : t.finishedAt(), t == null ? null : t.durationMs()),
                    skipped);
        }
        return new LatestGood(source, null, null, null, null, skipped);
    }
}
