package lifeboat.core.trial;

import java.sql.SQLException;
import java.time.Duration;
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
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;

/**
 * Grades backups from the catalog's evidence and finds the latest good one: the one backup {@code latest-good},
 * {@code restore SOURCE} and {@code recover} all take.
 *
 * <p>Each copy is graded on its own: a copy is verified when its objects passed a verification that re-read them all
 * (a full or sample one, or rolling ones that together reached every object) with no failed verification on that
 * target since. A complete backup is good when at least one copy is verified, so a corrupt offsite copy does not
 * hide an intact local one, and no trial restore of it failed. A passed trial restore of it or of a later backup of
 * its chain (a later backup's restore reads the earlier archives of its chain) makes it {@code restorable}; where
 * trials are required ({@code recovery.requireTrial}), only a restorable backup is good.
 */
public final class BackupGrader {
    private final BackupStore backups;
    private final VerificationStore verifications;
    private final TrialStore trials;
    private final boolean requireTrial;

    /** @param requireTrial the configured {@code recovery.requireTrial}: whether good needs a passed trial restore */
    public BackupGrader(BackupStore backups, VerificationStore verifications, TrialStore trials, boolean requireTrial) {
        this.backups = backups;
        this.verifications = verifications;
        this.trials = trials;
        this.requireTrial = requireTrial;
    }

    /** Whether good needs a passed trial restore unless a plan says otherwise. */
    public boolean requireTrial() {
        return requireTrial;
    }

    /**
     * One backup's grade and, when it falls short, why; {@code storage} is the copy found good (null when none),
     * {@code verification} the evidence for it.
     */
    public record Assessment(BackupRecord backup, Grade grade, boolean good, String reason, String storage,
            VerificationRecord verification, TrialRecord trial) {
    }

    /** Every backup of a source, oldest first, graded under the configured rule. */
    public List<Assessment> assess(String source) throws SQLException {
        return assess(source, requireTrial);
    }

    public List<Assessment> assess(String source, boolean needTrial) throws SQLException {
        List<BackupRecord> all = backups.backups(source);
        Map<String, BackupRecord> byId = new HashMap<>();
        all.forEach(b -> byId.put(b.id(), b));
        List<TrialRecord> tried = trials.of(source);
        Map<String, List<VerificationRecord>> checks = new HashMap<>();
        for (VerificationRecord v : verifications.ofSource(source)) {
            checks.computeIfAbsent(v.backupId(), k -> new ArrayList<>()).add(v);
        }
        Map<String, List<CopyRecord>> copies = backups.copiesByBackup(source);
        Map<String, Set<String>> fullyVerified = backups.fullyVerifiedCopies(source);
        List<Assessment> out = new ArrayList<>(all.size());
        for (BackupRecord b : all) {
            CopyGrade copy = bestCopy(copies.getOrDefault(b.id(), List.of()), checks.getOrDefault(b.id(), List.of()),
                    fullyVerified.getOrDefault(b.id(), Set.of()));
            out.add(assess(b, byId, tried, copy, needTrial));
        }
        return out;
    }

    /** The verified copy with the newest evidence, or why no copy is verified. */
    private record CopyGrade(String storage, VerificationRecord evidence, String problem) {
    }

    private static CopyGrade bestCopy(List<CopyRecord> copies, List<VerificationRecord> checked, Set<String> fullyVerified) {
        CopyGrade best = null;
        List<String> corrupt = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (CopyRecord c : copies) {
            if (!c.complete()) {
                continue;
            }
            List<VerificationRecord> onCopy = checked.stream().filter(v -> v.storage().equals(c.storage())).toList();
            // a key problem says nothing about the bytes: it neither proves nor condemns a copy
            Optional<VerificationRecord> lastFailed = onCopy.stream().filter(v -> v.status() == VerifyStatus.FAILED)
                    .max(Comparator.comparing(VerificationRecord::finishedAt));
            Optional<VerificationRecord> lastOk = onCopy.stream()
                    .filter(v -> v.ok() && (v.mode() == VerifyMode.FULL || v.mode() == VerifyMode.SAMPLE))
                    .max(Comparator.comparing(VerificationRecord::finishedAt));
            if (lastFailed.isPresent()
                    && (lastOk.isEmpty() || lastOk.get().finishedAt().isBefore(lastFailed.get().finishedAt()))) {
                VerificationRecord f = lastFailed.get();
                corrupt.add("corrupt: verification " + f.id() + " on " + f.storage() + " at " + f.finishedAt() + " found "
                        + f.findings() + " problem(s)");
            } else if (lastOk.isPresent() || fullyVerified.contains(c.storage())) {
                VerificationRecord evidence = lastOk.orElse(null);
                if (best == null || (evidence != null && (best.evidence() == null
                        || evidence.finishedAt().isAfter(best.evidence().finishedAt())))) {
                    best = new CopyGrade(c.storage(), evidence, null);
                }
            } else {
                unverified.add(c.storage());
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

    private static Assessment assess(BackupRecord b, Map<String, BackupRecord> byId, List<TrialRecord> trials,
            CopyGrade copy, boolean needTrial) {
        if (b.status() != BackupStatus.COMPLETE) {
            return new Assessment(b, Grade.NONE, false, b.status() == BackupStatus.PARTIAL
                    ? "partial: some files could not be read" : b.status().label()
                            + (b.error() == null ? "" : ": " + b.error()), null, null, null);
        }
        if (copy.storage() == null) {
            return new Assessment(b, Grade.COMPLETE, false, copy.problem(), null, null, null);
        }
        VerificationRecord evidence = copy.evidence();
        TrialRecord trial = latestTrial(b, trials);
        if (trial != null && trial.status() == TrialStatus.FAILED && trial.backupId().equals(b.id())) {
            String failed = trial.checks().stream().filter(c -> !c.passed())
                    .map(c -> c.name() + " (" + c.detail() + ")").findFirst().orElse(trial.error());
            return new Assessment(b, Grade.VERIFIED, false, "trial restore " + trial.id() + " failed: " + failed,
                    copy.storage(), evidence, trial);
        }
        TrialRecord passed = passedTrial(b, byId, trials);
        if (passed != null) {
            return new Assessment(b, Grade.RESTORABLE, true, null, copy.storage(), evidence, passed);
        }
        if (needTrial) {
            return new Assessment(b, Grade.VERIFIED, false, "never trial-restored", copy.storage(), evidence, null);
        }
        return new Assessment(b, Grade.VERIFIED, true, null, copy.storage(), evidence, null);
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

    /** {@link #latestGood(String, Instant, boolean)} under the configured rule. */
    public LatestGood latestGood(String source, Instant before) throws SQLException {
        return latestGood(source, before, requireTrial);
    }

    /**
     * The newest good backup started at or before {@code before} (null: any time); its {@code id} is null when
     * there is none, and {@code skipped} then says why for each.
     *
     * @param needTrial whether good needs a passed trial restore (a plan's or source's {@code requireTrial})
     */
    public LatestGood latestGood(String source, Instant before, boolean needTrial) throws SQLException {
        List<Assessment> all = assess(source, needTrial);
        LatestGood.SourceTrial lastTrial = lastPassedTrial(source);
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
            return new LatestGood(source, a.backup().id(), a.grade(), a.backup().startedAt(), a.storage(), needTrial,
                    new LatestGood.Evidence(v == null ? null : v.id(), v == null ? null : v.finishedAt(),
                            v == null ? null : v.mode(), t == null ? null : t.id(), t == null ? null : t.backupId(),
                            t == null ? null : t.finishedAt(), t == null ? null : t.durationMs()),
                    lastTrial, skipped);
        }
        return new LatestGood(source, null, null, null, null, needTrial, null, lastTrial, skipped);
    }

    /** The source's newest passed trial restore, whichever backup it restored; null when none passed. */
    private LatestGood.SourceTrial lastPassedTrial(String source) throws SQLException {
        Instant now = Instant.now();
        return trials.of(source).stream().filter(TrialRecord::passed)
                .max(Comparator.comparing(TrialRecord::startedAt))
                .map(t -> {
                    Instant at = t.finishedAt() != null ? t.finishedAt() : t.startedAt();
                    return new LatestGood.SourceTrial(t.id(), t.backupId(), at, Duration.between(at, now).toMillis(),
                            t.durationMs());
                }).orElse(null);
    }
}
