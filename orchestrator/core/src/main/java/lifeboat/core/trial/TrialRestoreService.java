package lifeboat.core.trial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.config.EncryptionSpec;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.EventType;
import lifeboat.core.model.Progress;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.proof.ProofRecorder;
import lifeboat.core.repo.Proof;
import lifeboat.core.repo.ProofFiles;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.restore.DumpRestoreService;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup into scratch space and runs its source's restore tests against it: a temporary directory under
 * {@code dataDir/trial} for a share, a scratch database {@code lifeboat_trial_<source>_<id>} on the source's server
 * for a database. Never touches the live share or database. Scratch space is removed on success, failure and
 * exceptions; what a killed run left is removed by {@link #cleanUpAbandoned()} at the next start.
 */
public final class TrialRestoreService {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRestoreService.class);
    static final String SCRATCH_PREFIX = "lifeboat_trial_";

    private final Sources sources;
    private final BackupStore backups;
    private final TrialStore trials;
    private final RestoreService restorer;
    private final DumpRestoreService dumpRestorer;
    private final Events events;
    private final Path scratchDir;
    private final RestoreChecks restoreChecks;
    private final SourceLocks locks;
    private final ProofRecorder proofs;
    private final AuditTrail audit;

    /**
     * @param scratchDir where shares are restored for a trial
     * @param checks the source's restore tests
     * @param proofs where each result is also kept beside the backups
     */
    public TrialRestoreService(Sources sources, BackupStore backups, TrialStore trials, RestoreService restorer,
            DumpRestoreService dumpRestorer, Events events, Path scratchDir, RestoreChecks checks, SourceLocks locks,
            ProofRecorder proofs, AuditTrail audit) {
        this.locks = locks;
        this.audit = audit;
        this.sources = sources;
        this.backups = backups;
        this.trials = trials;
        this.restorer = restorer;
        this.dumpRestorer = dumpRestorer;
        this.events = events;
        this.scratchDir = scratchDir;
        this.restoreChecks = checks;
        this.proofs = proofs;
    }

    /** What a trial restore moved: bytes restored, and for a database the rows in the restored tables. */
    private static final class Totals {
        long bytes;
        long rows;
    }

    /** Trial-restores the newest complete backup of a source, or the one named. */
    public TrialResult trial(String sourceName, String backupId, Progress progress) throws IOException, SQLException {
        SourceConfig sc = sources.get(sourceName);
        // under the source's lock, which its restore takes again: no backup, copy or verify of it meanwhile
        try (SourceLocks.Held held = locks.await(sourceName, "trial-restore")) {
            return trialHeld(sc, sourceName, backupId, progress);
        }
    }

    private TrialResult trialHeld(SourceConfig sc, String sourceName, String backupId, Progress progress)
            throws IOException, SQLException {
        cleanUpAbandoned();
        BackupRecord b;
        if (backupId != null) {
            b = backups.backup(backupId)
                    .orElseThrow(() -> new IllegalArgumentException("no backup with id '" + backupId + "'"));
            if (!b.source().equals(sourceName)) {
                throw new IllegalArgumentException("backup " + backupId + " is of source " + b.source() + ", not " + sourceName);
            }
        } else {
            b = backups.backups(sourceName).stream().filter(x -> x.status() == BackupStatus.COMPLETE)
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new IllegalArgumentException("source '" + sourceName + "' has no complete backup"));
        }
        String keyProblem = keyProblem(b);
        if (keyProblem != null) {
            return keyMismatch(sc, b, keyProblem);
        }
        boolean database = b.kind() == BackupKind.DUMP;
        String scratch = database ? scratchDatabase(sc.name(), b.id())
                : scratchDir.resolve(sc.name() + "-" + b.id()).toString();
        Instant started = Instant.now();
        long trialId = trials.start(b.id(), sc.name(), scratch, ProcessOwner.current(), started);
        LOG.info("trial restore {} of {} into {}", b.id(), sc.name(), scratch);
        List<TrialResult.CheckResult> checks = new ArrayList<>();
        Totals totals = new Totals();
        String error = null;
        try {
            if (database) {
                databaseTrial(sc, b, scratch, checks, totals, progress);
            } else {
                filesTrial(sc, b, Path.of(scratch), checks, totals, progress);
            }
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            checks.add(TrialResult.CheckResult.fail("restore", error));
        } finally {
            removeScratch(sc, database, scratch);
        }
        Instant finished = Instant.now();
        long duration = Duration.between(started, finished).toMillis();
        boolean passed = !checks.isEmpty() && checks.stream().allMatch(TrialResult.CheckResult::passed);
        TrialStatus status = passed ? TrialStatus.PASSED : TrialStatus.FAILED;
        trials.finish(trialId, status, finished, duration, totals.bytes, totals.rows, error,
                checks.stream().map(c -> new TrialRecord.CheckRecord(c.name(), c.status(), c.detail())).toList());
        proofs.record(new Proof.Trial(Proof.FORMAT, ProofFiles.newId(), sc.name(), b.id(), status, started, finished,
                duration, totals.bytes, totals.rows, error,
                checks.stream().map(c -> new Proof.Check(c.name(), c.status(), c.detail())).toList()));
        audit.record(AuditType.TRIAL_RESTORE, sc.name(), "trial", trialId, "backup", b.id(), "status", status,
                "durationMs", duration, "bytes", totals.bytes, "rows", totals.rows, "error", error, "checks",
                checks.stream().map(c -> List.of(c.name(), c.status().label(), String.valueOf(c.detail()))).toList());
        LOG.info("trial restore {} of {} {} in {} ms", b.id(), sc.name(), status, duration);
        if (!passed) {
            String failedChecks = checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                    .collect(Collectors.joining("; "));
            events.raise(Alert.of(EventType.TRIAL_RESTORE_FAILED, sc.name(), b.id(), "trial restore "
                    + trialId + " of backup " + b.id() + " failed: " + failedChecks,
                    "this backup is not good: see lifeboat show " + b.id() + ", check the source " + sc.name()
                            + " and its restore tests, and run lifeboat latest-good " + sc.name()
                            + " to find the newest backup that is"));
        } else {
            events.resolve(EventType.TRIAL_RESTORE_FAILED, sc.name(), "trial restore " + trialId
                    + " of backup " + b.id() + " passed");
        }
        return new TrialResult(trialId, sc.name(), b.id(), status, duration, totals.bytes, totals.rows, started, finished,
                checks, error);
    }

    /**
     * Why no copy of the backup can be read with the configured identity, or null when one can: every complete copy
     * is encrypted to recipients the identity is not one of.
     */
    private String keyProblem(BackupRecord b) throws SQLException {
        String why = null;
        for (CopyRecord c : backups.copies(b.id())) {
            if (!c.complete()) {
                continue;
            }
            EncryptionSpec spec = sources.encryption(b.source(), c.storage());
            String mismatch = spec == null ? null : spec.identityMismatch();
            if (mismatch == null) {
                return null;
            }
            why = "copy on " + c.storage() + ": " + mismatch;
        }
        return why;
    }

    /** Records a trial that was not tried because the key is wrong, and alerts about the key, not the backup. */
    private TrialResult keyMismatch(SourceConfig sc, BackupRecord b, String why) throws SQLException {
        Instant at = Instant.now();
        long trialId = trials.start(b.id(), sc.name(), "(not restored)", ProcessOwner.current(), at);
        String error = "not tried: the age identity does not open backup " + b.id() + " (" + why + ")";
        trials.finish(trialId, TrialStatus.KEY_MISMATCH, at, 0, 0, 0, error, List.of());
        audit.record(AuditType.TRIAL_RESTORE, sc.name(), "trial", trialId, "backup", b.id(), "status",
                TrialStatus.KEY_MISMATCH, "error", error);
        LOG.warn("trial restore {} of {}: {}", b.id(), sc.name(), error);
        events.raise(Alert.of(EventType.TRIAL_RESTORE_FAILED, sc.name(), b.id(), "trial restore " + trialId
                + " of backup " + b.id() + " was not tried: " + error,
                "a key problem, not damage: the backup keeps its grade; put the identity whose public key is one of"
                        + " the recipients into " + sc.name() + "'s encryption.identity (or the target's), then run"
                        + " lifeboat check-config and lifeboat trial-restore " + sc.name()));
        return new TrialResult(trialId, sc.name(), b.id(), TrialStatus.KEY_MISMATCH, 0, 0, 0, at, at,
                List.of(TrialResult.CheckResult.fail("key", error)), error);
    }

    static String scratchDatabase(String source, String backupId) {
        String name = (SCRATCH_PREFIX + source + "_" + backupId).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    private void filesTrial(SourceConfig sc, BackupRecord b, Path dir, List<TrialResult.CheckResult> checks,
            Totals totals, Progress progress) throws IOException, SQLException {
        RestoreResult r = restorer.restore(b.id(), dir, null, true, progress);
        totals.bytes = r.bytes();
        if (!r.ok()) {
            checks.add(TrialResult.CheckResult.fail("restore", String.join("; ", r.problems())));
            return;
        }
        checks.add(TrialResult.CheckResult.pass("restore", r.files() + " files, " + r.bytes() + " bytes"));
        checks.addAll(restoreChecks.checkFiles(sc, b, dir, r.storage()));
    }

    private void databaseTrial(SourceConfig sc, BackupRecord b, String scratch, List<TrialResult.CheckResult> checks,
            Totals totals, Progress progress) throws IOException, SQLException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("toDb", scratch);
        options.put("force", "true");
        if (sc.type().equals("postgres")) {
            options.put("globals", "false"); // roles are server-wide: a trial must not touch the live server's roles
        }
        RestoreResult r = dumpRestorer.restore(b.id(), options, progress);
        totals.bytes = r.bytes();
        if (!r.ok()) {
            checks.add(TrialResult.CheckResult.fail("restore", String.join("; ", r.problems())));
            return;
        }
        checks.add(TrialResult.CheckResult.pass("restore", "restored into scratch database " + scratch));
        totals.rows = restoreChecks.checkDatabase(sc, b, Map.of("toDb", scratch), checks);
    }

    private void removeScratch(SourceConfig sc, boolean database, String scratch) {
        try {
            if (database) {
                try (Source source = sources.open(sc)) {
                    ((DumpSource) source).dropDatabase(Map.of("toDb", scratch));
                }
            } else {
                deleteTree(Path.of(scratch));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove trial scratch {}: {} (the next trial restore retries)", scratch, e.getMessage());
        }
    }

    /** Removes scratch space of trial restores whose process is gone, here and on the source servers. */
    public void cleanUpAbandoned() throws SQLException {
        for (TrialRecord t : trials.of(null)) {
            if (t.status() != TrialStatus.RUNNING || !ProcessOwner.isDead(t.owner(), t.startedAt())) {
                continue;
            }
            LOG.warn("trial restore {} of {} was interrupted; removing its scratch {}", t.id(), t.source(), t.scratch());
            var sc = sources.find(t.source());
            boolean database = t.scratch().startsWith(SCRATCH_PREFIX);
            if (sc.isPresent()) {
                removeScratch(sc.get(), database, t.scratch());
            } else if (!database) {
                try {
                    deleteTree(Path.of(t.scratch()));
                } catch (IOException e) {
                    LOG.warn("could not remove {}: {}", t.scratch(), e.getMessage());
                }
            }
            trials.markAbandoned(t.id(), "interrupted: the process " + t.owner() + " ended", Instant.now());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    // restored directories may be read-only (0500); make them writable to empty them
                    p.toFile().setWritable(true, true);
                }
            }
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
