package lifeboat.core.trial;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
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
 * The grading rules worked out the plain way, from every verification, object and trial row of a source: what
 * {@link BackupGrader} answered before it read the copies' kept summaries. The yardstick {@link GradingEquivalenceTest}
 * holds the grader to.
 */
final class ReferenceGrades {
    /** A grade with the evidence's identity, comparable with {@code equals}. */
    record Graded(String backup, Grade grade, boolean good, String reason, String storage, Long verificationId,
            Instant verifiedAt, VerifyMode mode, Long trialId) {
    }

    /** latest-good's answer without the age of the last trial (which depends on the clock). */
    record Latest(String id, Grade grade, Instant startedAt, String storage, boolean requireTrial, LatestGood.Evidence evidence,
            Long lastTrialId, String lastTrialBackup, Instant lastTrialAt, Long lastTrialDurationMs,
            List<LatestGood.Skipped> skipped) {
        static Latest of(LatestGood g) {
            var t = g.lastPassedTrial();
            return new Latest(g.id(), g.grade(), g.startedAt(), g.storage(), g.requireTrial(), g.evidence(),
                    t == null ? null : t.id(), t == null ? null : t.backup(), t == null ? null : t.at(),
                    t == null ? null : t.durationMs(), g.skipped());
        }
    }

    private final BackupStore backups;
    private final VerificationStore verifications;
    private final TrialStore trials;

    ReferenceGrades(BackupStore backups, VerificationStore verifications, TrialStore trials) {
        this.backups = backups;
        this.verifications = verifications;
        this.trials = trials;
    }

    /** Each copy's verification state from every verification of its backup. */
    Map<String, List<CopyCheck>> copyChecks(String source) throws SQLException {
        Map<String, List<CopyCheck>> out = new HashMap<>();
        for (BackupRecord b : backups.backups(source)) {
            List<VerificationRecord> checked = verifications.of(b.id());
            List<CopyCheck> checks = backups.copies(b.id()).stream().map(c -> CopyCheck.of(c, checked)).toList();
            if (!checks.isEmpty()) {
                out.put(b.id(), checks);
            }
        }
        return out;
    }

    /** A grade as the rules give it, the evidence a whole verification row. */
    private record Assessment(BackupRecord backup, Grade grade, boolean good, String reason, String storage,
            VerificationRecord verification, TrialRecord trial) {
    }

    List<Graded> assess(String source, boolean needTrial) throws SQLException {
        return assessments(source, needTrial).stream().map(a -> {
            var v = a.verification();
            return new Graded(a.backup().id(), a.grade(), a.good(), a.reason(), a.storage(), v == null ? null : v.id(),
                    v == null ? null : v.finishedAt(), v == null ? null : v.mode(),
                    a.trial() == null ? null : a.trial().id());
        }).toList();
    }

    static Graded graded(BackupGrader.Assessment a) {
        var v = a.verification();
        return new Graded(a.backup().id(), a.grade(), a.good(), a.reason(), a.storage(), v == null ? null : v.id(),
                v == null ? null : v.finishedAt(), v == null ? null : v.mode(), a.trial() == null ? null : a.trial().id());
    }

    private List<Assessment> assessments(String source, boolean needTrial) throws SQLException {
        List<BackupRecord> all = backups.backups(source);
        Map<String, BackupRecord> byId = new HashMap<>();
        all.forEach(b -> byId.put(b.id(), b));
        List<TrialRecord> tried = trials.of(source);
        Map<String, List<VerificationRecord>> checks = new HashMap<>();
        for (BackupRecord b : all) {
            checks.put(b.id(), verifications.of(b.id()));
        }
        Map<String, Set<String>> fullyVerified = new HashMap<>();
        for (BackupRecord b : all) {
            Map<String, List<ObjectRecord>> byStorage = new HashMap<>();
            backups.objects(b.id()).forEach(o -> byStorage.computeIfAbsent(o.storage(), k -> new ArrayList<>()).add(o));
            byStorage.forEach((storage, objects) -> {
                if (objects.stream().allMatch(o -> o.lastVerifiedAt() != null)) {
                    fullyVerified.computeIfAbsent(b.id(), k -> new HashSet<>()).add(storage);
                }
            });
        }
        List<Assessment> out = new ArrayList<>(all.size());
        for (BackupRecord b : all) {
            CopyGrade copy = bestCopy(backups.copies(b.id()), checks.getOrDefault(b.id(), List.of()),
                    fullyVerified.getOrDefault(b.id(), Set.of()));
            out.add(assess(b, byId, tried, copy, needTrial));
        }
        return out;
    }

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
        TrialRecord trial = trials.stream().filter(t -> t.backupId().equals(b.id()) && t.status() != TrialStatus.RUNNING)
                .max(Comparator.comparing(TrialRecord::startedAt)).orElse(null);
        if (trial != null && trial.status() == TrialStatus.FAILED && trial.backupId().equals(b.id())) {
            String failed = trial.checks().stream().filter(c -> !c.passed())
                    .map(c -> c.name() + " (" + c.detail() + ")").findFirst().orElse(trial.error());
            return new Assessment(b, Grade.VERIFIED, false, "trial restore " + trial.id() + " failed: " + failed,
                    copy.storage(), evidence, trial);
        }
        TrialRecord passed = null;
        for (TrialRecord t : trials) {
            if (!t.passed()) {
                continue;
            }
            BackupRecord tb = byId.get(t.backupId());
            boolean covers = tb != null && (tb.id().equals(b.id()) || (b.kind() == BackupKind.FILES && b.fullId() != null
                    && b.fullId().equals(tb.fullId()) && tb.startedAt().isAfter(b.startedAt())));
            if (covers && (passed == null || t.startedAt().isAfter(passed.startedAt()))) {
                passed = t;
            }
        }
        if (passed != null) {
            return new Assessment(b, Grade.RESTORABLE, true, null, copy.storage(), evidence, passed);
        }
        if (needTrial) {
            return new Assessment(b, Grade.VERIFIED, false, "never trial-restored", copy.storage(), evidence,
                    null);
        }
        return new Assessment(b, Grade.VERIFIED, true, null, copy.storage(), evidence, null);
    }

    Latest latestGood(String source, Instant before, boolean needTrial) throws SQLException {
        List<Assessment> all = assessments(source, needTrial);
        TrialRecord last = trials.of(source).stream().filter(TrialRecord::passed)
                .max(Comparator.comparing(TrialRecord::startedAt)).orElse(null);
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
            var v = a.verification();
            TrialRecord t = a.trial();
            return new Latest(a.backup().id(), a.grade(), a.backup().startedAt(), a.storage(), needTrial,
                    new LatestGood.Evidence(v == null ? null : v.id(), v == null ? null : v.finishedAt(),
                            v == null ? null : v.mode(), t == null ? null : t.id(), t == null ? null : t.backupId(),
                            t == null ? null : t.finishedAt(), t == null ? null : t.durationMs()),
                    lastId(last), last == null ? null : last.backupId(), lastAt(last),
                    last == null ? null : last.durationMs(), skipped);
        }
        return new Latest(null, null, null, null, needTrial, null, lastId(last), last == null ? null : last.backupId(),
                lastAt(last), last == null ? null : last.durationMs(), skipped);
    }

    private static Long lastId(TrialRecord t) {
        return t == null ? null : t.id();
    }

    private static Instant lastAt(TrialRecord t) {
        return t == null ? null : t.finishedAt() != null ? t.finishedAt() : t.startedAt();
    }
}
