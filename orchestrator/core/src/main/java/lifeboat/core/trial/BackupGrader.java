package lifeboat.core.trial;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyState;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.model.BackupStatus;

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
    /** How many of a source's newest backups latest-good reads first (then eight times as many, and so on). */
    private static final int FIRST_PAGE = 8;

    private final BackupStore backups;
    private final TrialStore trials;
    private final boolean requireTrial;

    /** @param requireTrial the configured {@code recovery.requireTrial}: whether good needs a passed trial restore */
    public BackupGrader(BackupStore backups, TrialStore trials, boolean requireTrial) {
        this.backups = backups;
        this.trials = trials;
        this.requireTrial = requireTrial;
    }

    /** Whether good needs a passed trial restore unless a plan says otherwise. */
    public boolean requireTrial() {
        return requireTrial;
    }

    /**
     * One backup's grade and, when it falls short, why; {@code storage} is the copy found good (null when none),
     * {@code verification} the evidence for it (null when rolling verifications re-read every object of it instead).
     */
    public record Assessment(BackupRecord backup, Grade grade, boolean good, String reason, String storage,
            CopyState.Verified verification, TrialRecord trial) {
    }

    /** Every backup of a source, oldest first, graded under the configured rule. */
    public List<Assessment> assess(String source) throws SQLException {
        return assess(source, requireTrial);
    }

    public List<Assessment> assess(String source, boolean needTrial) throws SQLException {
        return assess(backups.backups(source), backups.copyStates(source), trials.of(source), needTrial);
    }

    /**
     * One source's backups graded from rows already read (a listing reads them once for every source).
     *
     * @param ofSource every backup of the source, in the order wanted back
     * @param copies their copies' states by backup id, each backup's in the order of their targets' names (more
     *     backups' may be there)
     * @param trials the source's trial restores, oldest first
     */
    public List<Assessment> assess(List<BackupRecord> ofSource, Map<String, List<CopyState>> copies,
            List<TrialRecord> trials, boolean needTrial) {
        Grading grading = new Grading(trials);
        ofSource.forEach(grading::seen);
        List<Assessment> out = new ArrayList<>(ofSource.size());
        for (BackupRecord b : ofSource) {
            out.add(grading.assess(b, copies.getOrDefault(b.id(), List.of()), needTrial));
        }
        return out;
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
        return latestGood(source, before, needTrial, trials.of(source));
    }

    /** @param tried the source's trial restores, oldest first, as {@link TrialStore#of} gives them */
    public LatestGood latestGood(String source, Instant before, boolean needTrial, List<TrialRecord> tried)
            throws SQLException {
        Grading grading = new Grading(tried);
        LatestGood.SourceTrial lastTrial = lastPassedTrial(tried);
        List<LatestGood.Skipped> skipped = new ArrayList<>();
        // newest first, a few at a time: the newest good backup is usually among the newest few
        String last = null;
        for (int limit = FIRST_PAGE; ; limit = (int) Math.min(limit * 8L, Integer.MAX_VALUE)) {
            List<BackupRecord> page = backups.newest(source, limit);
            List<BackupRecord> todo = page.subList(after(page, last), page.size());
            Map<String, List<CopyState>> copies = backups.copyStatesOf(todo.stream()
                    .filter(b -> (before == null || !b.startedAt().isAfter(before)) && b.status() == BackupStatus.COMPLETE)
                    .map(BackupRecord::id).toList());
            for (BackupRecord b : todo) {
                last = b.id();
                grading.seen(b);
                if (before != null && b.startedAt().isAfter(before)) {
                    continue;
                }
                if (b.status() == BackupStatus.RUNNING) {
                    continue;
                }
                Assessment a = grading.assess(b, copies.getOrDefault(b.id(), List.of()), needTrial);
                if (!a.good()) {
                    skipped.add(new LatestGood.Skipped(b.id(), a.grade(), a.reason()));
                    continue;
                }
                CopyState.Verified v = a.verification();
                TrialRecord t = a.trial();
                return new LatestGood(source, b.id(), a.grade(), b.startedAt(), a.storage(), needTrial,
                        new LatestGood.Evidence(v == null ? null : v.id(), v == null ? null : v.finishedAt(),
                                v == null ? null : v.mode(), t == null ? null : t.id(), t == null ? null : t.backupId(),
                                t == null ? null : t.finishedAt(), t == null ? null : t.durationMs()),
                        lastTrial, skipped);
            }
            if (page.size() < limit) {
                return new LatestGood(source, null, null, null, null, needTrial, null, lastTrial, skipped);
            }
        }
    }

    /**
     * Where in a longer page of the newest backups to go on: after the last one graded (a backup started meanwhile
     * comes before it, and is left out as it was from the first page).
     */
    private static int after(List<BackupRecord> page, String last) {
        if (last == null) {
            return 0;
        }
        for (int i = 0; i < page.size(); i++) {
            if (page.get(i).id().equals(last)) {
                return i + 1;
            }
        }
        return page.size(); // more backups started meanwhile than the last page held: it is further down
    }

    /** The source's newest passed trial restore, whichever backup it restored; null when none passed. */
    private static LatestGood.SourceTrial lastPassedTrial(List<TrialRecord> tried) {
        Instant now = Instant.now();
        return tried.stream().filter(TrialRecord::passed)
                .max(Comparator.comparing(TrialRecord::startedAt))
                .map(t -> {
                    Instant at = t.finishedAt() != null ? t.finishedAt() : t.startedAt();
                    return new LatestGood.SourceTrial(t.id(), t.backupId(), at, Duration.between(at, now).toMillis(),
                            t.durationMs());
                }).orElse(null);
    }
}
