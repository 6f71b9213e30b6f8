package lifeboat.core.daemon;

import java.util.List;
import java.util.stream.Collectors;
import lifeboat.core.Lifeboat;
import lifeboat.core.Progress;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.backup.CopyResult;
import lifeboat.core.backup.CopyService;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.model.Level;
import lifeboat.core.config.JobDefinition;
import lifeboat.core.config.RestoreTestsLoader;
import lifeboat.core.trial.TrialRestoreService;
import lifeboat.core.verify.Verifier;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.verify.VerifyResult;

/** Carries out one scheduled action on one source through the same core services the CLI commands use. */
final class Actions {
    private final Lifeboat lifeboat;

    Actions(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    Outcome run(JobDefinition job, String source) throws Exception {
        return switch (job.action()) {
            case BACKUP -> backup(job, source);
            case VERIFY -> verify(job, source);
            case COPY -> copy(job, source);
            case TRIAL_RESTORE -> trialRestore(source);
            case PRUNE -> throw new IllegalStateException("action " + job.action().label() + " is not implemented yet");
        };
    }

    private Outcome backup(JobDefinition job, String source) throws Exception {
        BackupResult r = new BackupService(lifeboat).backup(source, Level.of(job.level()), Progress.NONE);
        if ("failed".equals(r.status())) {
            return new Outcome("failed", 0, r.id(), r.note(), r.error(), r.cause(), r);
        }
        String note = r.note();
        String status = r.status();
        String error = null;
        if (job.verify()) {
            BackupRecord b = lifeboat.catalog().backup(r.id()).orElseThrow();
            List<VerifyResult> checks = new Verifier(lifeboat).verify(b, VerifyMode.FULL, 100, null, Progress.NONE);
            if (checks.stream().allMatch(VerifyResult::ok)) {
                note = join(note, "verified in full");
            } else {
                status = "failed";
                error = "the new backup failed its full verify: " + findings(checks);
            }
        }
        return new Outcome(status, r.storedBytes(), r.id(), note, error, null, r);
    }

    private Outcome trialRestore(String source) throws Exception {
        var tests = RestoreTestsLoader.load(lifeboat.config());
        var r = new TrialRestoreService(lifeboat, tests).trial(source, null, Progress.NONE);
        String summary = r.checks().stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("; "));
        return r.passed()
                ? new Outcome("complete", r.bytes(), r.backup(), "trial restore passed in " + r.durationMs() + " ms", null, null)
                : new Outcome("failed", r.bytes(), r.backup(), null, "trial restore failed: " + summary, null);
    }

    private Outcome verify(JobDefinition job, String source) throws Exception {
        if (VerifyMode.of(job.mode()) == VerifyMode.ROLLING) {
            List<VerifyResult> checks = new Verifier(lifeboat).verifyRolling(source, job.budget(), Progress.NONE);
            long read = checks.stream().mapToLong(VerifyResult::bytesRead).sum();
            return checks.stream().allMatch(VerifyResult::ok)
                    ? new Outcome("complete", read, null, "rolling verify re-read " + read + " bytes", null, null)
                    : new Outcome("failed", read, null, null, "rolling verify found problems: " + findings(checks), null);
        }
        BackupRecord b = lifeboat.catalog().latestUsable(source, false).orElse(null);
        if (b == null) {
            return new Outcome("skipped", 0, null, "no complete backup of " + source + " to verify yet", null, null);
        }
        List<VerifyResult> checks = new Verifier(lifeboat).verify(b, VerifyMode.of(job.mode()), 5, null, Progress.NONE);
        long read = checks.stream().mapToLong(VerifyResult::bytesRead).sum();
        return checks.stream().allMatch(VerifyResult::ok)
                ? new Outcome("complete", read, b.id(), job.mode() + " verify passed", null, null)
                : new Outcome("failed", read, b.id(), null, "verify found problems: " + findings(checks), null);
    }

    private Outcome copy(JobDefinition job, String source) throws Exception {
        List<CopyResult> results = new CopyService(lifeboat).copy(job.from(), job.to(), List.of(source), Progress.NONE);
        long bytes = results.stream().mapToLong(CopyResult::bytes).sum();
        List<CopyResult> failed = results.stream().filter(r -> !r.ok()).toList();
        if (failed.isEmpty()) {
            return new Outcome("complete", bytes, null, results.size() + " backups brought to " + job.to(), null, null);
        }
        return new Outcome("failed", bytes, failed.get(0).backup(), null, failed.stream()
                .map(r -> r.backup() + ": " + r.error()).collect(Collectors.joining("; ")), null);
    }

    private static String findings(List<VerifyResult> checks) {
        return checks.stream().filter(c -> !c.ok()).flatMap(c -> c.findings().stream()).limit(5)
                .map(Object::toString).collect(Collectors.joining("; "));
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}
