package lifeboat.web;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.OpenAlert;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.trial.Grade;
import lifeboat.core.verify.Coverage;

/**
 * Every configured source's state from the catalog, read in a few queries for all sources at once (not per
 * source), so the dashboard stays quick with thousands of backups.
 * <p>
 * Red: no good backup, the RPO missed, a problem still open for the source (a backup that could not run, say),
 * the newest backup failed, or the newest verification or trial restore failed. Amber: the newest good backup is not verified yet, no trial restore ever passed, or less than half of
 * the stored bytes were re-read in the last 30 days. Green otherwise.
 */
final class Board {
    static final Duration COVERAGE_PERIOD = Duration.ofDays(30);
    static final double COVERAGE_AMBER = 0.5;

    private final Lifeboat lifeboat;

    Board(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    List<SourceState> states(Instant now) throws SQLException {
        Inventory inv = lifeboat.inventory();
        Map<String, List<BackupRecord>> backups = new HashMap<>();
        for (BackupRecord b : inv.backups(null)) {
            backups.computeIfAbsent(b.source(), k -> new ArrayList<>()).add(b);
        }
        Map<String, String> sourceOf = new HashMap<>();
        backups.values().forEach(l -> l.forEach(b -> sourceOf.put(b.id(), b.source())));
        Map<String, VerificationRecord> lastVerify = new HashMap<>();
        for (VerificationRecord v : inv.verificationsOf(null)) { // oldest first: the last one wins
            String s = sourceOf.get(v.backupId());
            if (s != null && v.status() != null && v.finishedAt() != null) {
                lastVerify.put(s, v);
            }
        }
        Map<String, TrialRecord> lastTrial = new HashMap<>();
        Map<String, Boolean> trialPassed = new HashMap<>();
        for (TrialRecord t : inv.trials(null)) {
            if (t.status() != TrialStatus.RUNNING) {
                lastTrial.put(t.source(), t);
                trialPassed.merge(t.source(), t.passed(), Boolean::logicalOr);
            }
        }
        Map<String, String> problems = new HashMap<>();
        for (OpenAlert a : inv.openAlerts()) {
            if (a.source() != null) {
                problems.putIfAbsent(a.source(), a.type());
            }
        }
        Map<String, Grade> grades = inv.grades(null);
        Map<String, long[]> covered = new HashMap<>();
        for (Coverage.Item i : lifeboat.verifier().coverage(COVERAGE_PERIOD, now)) {
            long[] c = covered.computeIfAbsent(i.source(), k -> new long[2]);
            c[0] += i.verifiedBytes();
            c[1] += i.bytes();
        }
        List<SourceState> out = new ArrayList<>();
        for (SourceConfig sc : lifeboat.config().sources()) {
            List<BackupRecord> mine = backups.getOrDefault(sc.name(), List.of());
            mine.sort(Comparator.comparing(BackupRecord::startedAt));
            BackupRecord last = mine.stream().filter(b -> b.status() != BackupStatus.RUNNING)
                    .reduce((a, b) -> b).orElse(null);
            BackupRecord good = mine.stream().filter(b -> b.status() == BackupStatus.COMPLETE
                    || b.status() == BackupStatus.PARTIAL).reduce((a, b) -> b).orElse(null);
            long[] c = covered.getOrDefault(sc.name(), new long[2]);
            double coverage = c[1] == 0 ? 0 : (double) c[0] / c[1];
            Grade grade = good == null ? Grade.NONE : grades.getOrDefault(good.id(), Grade.NONE);
            boolean rpoMet = good != null && (sc.rpo() == null
                    || !good.startedAt().plus(sc.rpo()).isBefore(now));
            VerificationRecord v = lastVerify.get(sc.name());
            TrialRecord t = lastTrial.get(sc.name());
            List<String> red = new ArrayList<>();
            List<String> amber = new ArrayList<>();
            if (good == null) {
                red.add("no good backup");
            } else if (!rpoMet) {
                red.add("RPO of " + Format.duration(sc.rpo()) + " missed: newest good backup "
                        + Format.ago(good.startedAt(), now));
            }
            if (problems.containsKey(sc.name())) {
                red.add("open problem: " + problems.get(sc.name()));
            }
            if (last != null && last.status() == BackupStatus.FAILED) {
                red.add("the newest backup failed");
            }
            if (v != null && v.status() != VerifyStatus.OK) {
                red.add("the newest verification " + v.status());
            }
            if (t != null && t.status() != TrialStatus.PASSED) {
                red.add("the newest trial restore " + t.status());
            }
            if (good != null && grade.compareTo(Grade.VERIFIED) < 0) {
                amber.add("the newest good backup is not verified yet");
            }
            if (!trialPassed.getOrDefault(sc.name(), false)) {
                amber.add("no trial restore has passed yet");
            }
            if (c[1] > 0 && coverage < COVERAGE_AMBER) {
                amber.add("only " + Math.round(coverage * 100) + "% of the stored bytes re-read in 30 days");
            }
            Light light = !red.isEmpty() ? Light.RED : !amber.isEmpty() ? Light.AMBER : Light.GREEN;
            List<String> reasons = new ArrayList<>(red);
            reasons.addAll(amber);
            out.add(new SourceState(sc.name(), sc.type(), light, last, good, sc.rpo(), rpoMet, grade, v, t, coverage,
                    reasons));
        }
        return out;
    }
}
