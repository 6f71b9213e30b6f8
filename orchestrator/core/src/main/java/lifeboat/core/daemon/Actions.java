package lifeboat.core.daemon;

import java.util.List;
import java.util.stream.Collectors;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupRun;
import lifeboat.core.backup.CopyResult;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.config.JobDefinition;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Progress;
import lifeboat.core.model.RunStatus;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.prune.PruneReport;
import lifeboat.core.prune.Verdict;
import lifeboat.core.trial.TrialResult;
import lifeboat.core.verify.Verifier;
import lifeboat.core.verify.VerifyResult;

/**
 * Carries out one scheduled action on one source through the same core services the CLI commands use; the services
 * tell people how it went, this only turns their results into a job run's outcome.
 */
final class Actions {
    private final Lifeboat lifeboat;

    Actions(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    RunOutcome run(JobDefinition job, String source, Attempt attempt) throws Exception {
        return switch (job.action()) {
            case BACKUP -> backup(job, source, attempt);
            case VERIFY -> verify(job, source);
            case COPY -> copy(job, source);
            case TRIAL_RESTORE -> trialRestore(source);
            case PRUNE -> prune(source);
        };
    }

    private RunOutcome backup(JobDefinition job, String source, Attempt attempt) throws Exception {
        BackupRun run = lifeboat.backups().run(source, job.level(), job.verify(), Progress.NONE, attempt);
        BackupResult r = run.backup();
        if (r.status() == BackupStatus.FAILED) {
            return new RunOutcome(RunStatus.FAILED, 0, r.id(), r.note(), r.error(), r.cause());
        }
        RunStatus status = r.status() == BackupStatus.PARTIAL ? RunStatus.PARTIAL : RunStatus.COMPLETE;
        if (run.verified() == null) {
            return new RunOutcome(status, r.storedBytes(), r.id(), r.note(), null, null);
        }
        if (run.verified().stream().allMatch(VerifyResult::ok)) {
            return new RunOutcome(status, r.storedBytes(), r.id(), join(r.note(), "verified in full"), null, null);
        }
        return new RunOutcome(RunStatus.FAILED, r.storedBytes(), r.id(), r.note(),
                "the new backup failed its full verify: " + findings(run.verified()), null);
    }

    private RunOutcome prune(String source) throws Exception {
        PruneReport r = lifeboat.pruner().prune(List.of(source), null, false);
        long freed = r.freedBytes().values().stream().mapToLong(Long::longValue).sum();
        String summary = r.count(Verdict.REMOVE) + " copies removed, " + r.count(Verdict.KEEP) + " kept"
                + (r.count(Verdict.LOCKED) == 0 ? "" : ", " + r.count(Verdict.LOCKED) + " under Object Lock")
                + ", " + freed + " bytes freed";
        if (r.ok()) {
            return RunOutcome.complete(freed, null, summary);
        }
        return RunOutcome.failed(freed, null, summary + "; " + r.sources().stream()
                .flatMap(s -> s.decisions().stream()).filter(d -> d.error() != null)
                .map(d -> d.backupId() + " on " + d.target() + ": " + d.error()).limit(3)
                .collect(Collectors.joining("; ")));
    }

    private RunOutcome trialRestore(String source) throws Exception {
        TrialResult r = lifeboat.trials().trial(source, null, Progress.NONE);
        String summary = r.checks().stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("; "));
        return r.passed() ? RunOutcome.complete(r.bytes(), r.backup(), "trial restore passed in " + r.durationMs() + " ms")
                : RunOutcome.failed(r.bytes(), r.backup(), "trial restore failed: " + summary);
    }

    private RunOutcome verify(JobDefinition job, String source) throws Exception {
        Verifier verifier = lifeboat.verifier();
        VerifyMode mode = job.mode();
        if (mode == VerifyMode.ROLLING) {
            List<VerifyResult> checks = verifier.verifyRolling(source, job.budget(), Progress.NONE);
            long read = checks.stream().mapToLong(VerifyResult::bytesRead).sum();
            return checks.stream().allMatch(VerifyResult::ok)
                    ? RunOutcome.complete(read, null, "rolling verify re-read " + read + " bytes")
                    : RunOutcome.failed(read, null, "rolling verify found problems: " + findings(checks));
        }
        BackupRecord b = lifeboat.inventory().latestUsable(source).orElse(null);
        if (b == null) {
            return new RunOutcome(RunStatus.SKIPPED, 0, null, "no complete backup of " + source + " to verify yet", null,
                    null);
        }
        List<VerifyResult> checks = verifier.verify(b, mode, 5, null, Progress.NONE);
        long read = checks.stream().mapToLong(VerifyResult::bytesRead).sum();
        return checks.stream().allMatch(VerifyResult::ok) ? RunOutcome.complete(read, b.id(), mode + " verify passed")
                : RunOutcome.failed(read, b.id(), "verify found problems: " + findings(checks));
    }

    private RunOutcome copy(JobDefinition job, String source) throws Exception {
        List<CopyResult> results = lifeboat.copies().copy(job.from(), job.to(), List.of(source), Progress.NONE);
        long bytes = results.stream().mapToLong(CopyResult::bytes).sum();
        List<CopyResult> failed = results.stream().filter(r -> !r.ok()).toList();
        if (failed.isEmpty()) {
            return RunOutcome.complete(bytes, null, results.size() + " backups brought to " + job.to());
        }
        return RunOutcome.failed(bytes, failed.get(0).backup(), failed.stream().map(r -> r.backup() + ": " + r.error())
                .collect(Collectors.joining("; ")));
    }

    private static String findings(List<VerifyResult> checks) {
        return checks.stream().filter(c -> !c.ok()).flatMap(c -> c.findings().stream()).limit(5)
                .map(Object::toString).collect(Collectors.joining("; "));
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}
