package lifeboat.core.inventory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.CopyState;
import lifeboat.core.catalog.EventRecord;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.catalog.JobRunStore;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.OpenAlert;
import lifeboat.core.catalog.RecoveryRecord;
import lifeboat.core.catalog.RecoveryStore;
import lifeboat.core.catalog.RestoreRecord;
import lifeboat.core.catalog.RestoreStore;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.StoredObjects;
import lifeboat.core.trial.BackupGrader;
import lifeboat.core.trial.Grade;

/**
 * What the catalog knows, for people to read: backups with their copies, grades and evidence, job runs and
 * notifications. Read-only. Thread-safe, as the stores are.
 */
public final class Inventory {
    private final Sources sources;
    private final Targets targets;
    private final BackupStore backups;
    private final VerificationStore verifications;
    private final TrialStore trials;
    private final JobRunStore runs;
    private final RestoreStore restores;
    private final RecoveryStore recoveries;
    private final EventStore events;
    private final BackupGrader grader;
    private final Predicate<String> hasTests;

    /** @param hasTests whether good needs a passed trial restore for a source (grades do not depend on it) */
    public Inventory(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications, TrialStore trials,
            JobRunStore runs, RestoreStore restores, RecoveryStore recoveries, EventStore events, BackupGrader grader,
            Predicate<String> hasTests) {
        this.sources = sources;
        this.targets = targets;
        this.backups = backups;
        this.verifications = verifications;
        this.trials = trials;
        this.runs = runs;
        this.restores = restores;
        this.recoveries = recoveries;
        this.events = events;
        this.grader = grader;
        this.hasTests = hasTests;
    }

    /** One backup with everything recorded about it; the {@code show} document's parts. */
    public record Details(BackupRecord backup, List<CopyRecord> copies, List<ObjectRecord> objects,
            List<VerificationRecord> verifications, List<TrialRecord> trials) {
    }

    /** Backups of one source (all when null), oldest first. */
    public List<BackupRecord> backups(String source) throws SQLException {
        if (source != null) {
            sources.get(source);
        }
        return backups.backups(source);
    }

    public Optional<BackupRecord> backup(String id) throws SQLException {
        return backups.backup(id);
    }

    /** The backup with this id; the message says there is none. */
    public BackupRecord require(String id) throws SQLException {
        return backups.backup(id).orElseThrow(() -> new IllegalArgumentException("no backup with id '" + id + "'"));
    }

    /** The newest complete or partial backup of a source. */
    public Optional<BackupRecord> latestUsable(String source) throws SQLException {
        return backups.latestUsable(source, false);
    }

    public List<CopyRecord> copies(String backupId) throws SQLException {
        return backups.copies(backupId);
    }

    /** Each copy's verification state, for the backups of one source (all when null), by backup id. */
    public Map<String, List<CopyCheck>> copyChecks(String source) throws SQLException {
        Map<String, List<CopyCheck>> out = new HashMap<>();
        backups.copyStates(source).forEach((id, copies) -> out.put(id, copies.stream().map(CopyCheck::of).toList()));
        return out;
    }

    /**
     * A backup as a listing shows it: its grade (null when its source is no longer configured) and its copies, in
     * the order of their targets' names, with what they are proven to be.
     */
    public record Listed(BackupRecord backup, Grade grade, List<CopyState> copies) {
    }

    /** Backups of one source (all when null), oldest first, graded, with their copies: each row read once. */
    public List<Listed> listing(String source) throws SQLException {
        List<BackupRecord> all = backups(source);
        Map<String, List<CopyState>> copies = backups.copyStates(source);
        Map<String, Grade> grades = grades(source, all, copies);
        List<Listed> out = new ArrayList<>(all.size());
        for (BackupRecord b : all) {
            out.add(new Listed(b, grades.get(b.id()), copies.getOrDefault(b.id(), List.of())));
        }
        return out;
    }

    /** Each copy's verification state for one backup. */
    public List<CopyCheck> copyChecks(Details d) {
        return d.copies().stream().map(c -> CopyCheck.of(c, d.verifications())).toList();
    }

    public List<ObjectRecord> objects(String backupId) throws SQLException {
        return backups.objects(backupId);
    }

    /** Every stored object of every usable backup's complete copies, least recently verified first. */
    public List<ObjectRecord> storedObjects() throws SQLException {
        return backups.objectsByLastVerified();
    }

    public List<VerificationRecord> verifications(String backupId) throws SQLException {
        return verifications.of(backupId);
    }

    /** Verifications of the backups of one source (all when null), oldest first. */
    public List<VerificationRecord> verificationsOf(String source) throws SQLException {
        return source == null ? verifications.all() : verifications.ofSource(source);
    }

    /** What one verification found wrong. */
    public List<VerificationStore.FindingRow> findings(long verificationId) throws SQLException {
        return verifications.findings(verificationId);
    }

    /** Trial restores of one source (all when null), oldest first. */
    public List<TrialRecord> trials(String source) throws SQLException {
        return trials.of(source);
    }

    /** Every restore, newest first. */
    public List<RestoreRecord> restores() throws SQLException {
        return restores.all();
    }

    public Optional<RecoveryRecord> recovery(long runId) throws SQLException {
        return recoveries.run(runId);
    }

    public Details details(String backupId) throws SQLException {
        BackupRecord b = require(backupId);
        return new Details(b, backups.copies(backupId), backups.objects(backupId), verifications.of(backupId),
                trials.of(b.source()).stream().filter(t -> t.backupId().equals(backupId)).toList());
    }

    /**
     * The manifest of a file backup, read from its first copy through the read chain (checked against the
     * catalog's size and SHA-256, decrypted with the source's identity when it is encrypted); the caller closes it.
     */
    public ManifestReader manifest(Details d) throws IOException, SQLException {
        BackupRecord b = d.backup();
        if (d.copies().isEmpty()) {
            throw new IOException("backup " + b.id() + " has no copy on any storage target");
        }
        String target = d.copies().get(0).storage();
        List<ObjectRecord> onTarget = d.objects().stream().filter(o -> o.storage().equals(target)).toList();
        ObjectRecord manifest = StoredObjects.find(onTarget, ObjectRecord::key, RepositoryLayout.MANIFEST);
        if (manifest == null) {
            throw new IOException("backup " + b.id() + " has no manifest on " + target + " in the catalog");
        }
        String identity = sources.identity(b.source(), target);
        return new ManifestReader(ReadChain.content(targets.get(target), manifest.key(), manifest.size(),
                manifest.sha256(), identity), manifest.key());
    }

    /** Each backup's grade from the catalog's evidence, for one source (all when null). */
    public Map<String, Grade> grades(String onlySource) throws SQLException {
        return grades(onlySource, backups.backups(onlySource), backups.copyStates(onlySource));
    }

    /** The grades of these backups of one source (all when null) from their copies, each configured source's once. */
    private Map<String, Grade> grades(String onlySource, List<BackupRecord> all, Map<String, List<CopyState>> copies)
            throws SQLException {
        Map<String, List<BackupRecord>> bySource = new HashMap<>();
        all.forEach(b -> bySource.computeIfAbsent(b.source(), k -> new ArrayList<>()).add(b));
        Map<String, List<TrialRecord>> tried = new HashMap<>();
        trials.of(onlySource).forEach(t -> tried.computeIfAbsent(t.source(), k -> new ArrayList<>()).add(t));
        Map<String, Grade> out = new HashMap<>();
        for (var sc : sources.all()) {
            if (onlySource == null || onlySource.equals(sc.name())) {
                for (var a : grader.assess(bySource.getOrDefault(sc.name(), List.of()), copies,
                        tried.getOrDefault(sc.name(), List.of()), hasTests.test(sc.name()))) {
                    out.put(a.backup().id(), a.grade());
                }
            }
        }
        return out;
    }

    /** Job runs started at or after {@code since} (all when null), oldest first. */
    public List<JobRunRecord> runs(Instant since) throws SQLException {
        return runs.since(since);
    }

    /** Messages created at or after {@code since}, oldest first. */
    public List<NotificationRecord> notifications(Instant since) throws SQLException {
        return events.notificationsSince(since);
    }

    public Optional<NotificationRecord> notification(long id) throws SQLException {
        return events.notification(id);
    }

    /** Events at or after {@code since} (all when null), oldest first. */
    public List<EventRecord> events(Instant since) throws SQLException {
        return events.since(since);
    }

    public List<EventStore.Attempt> attempts(long notificationId) throws SQLException {
        return events.attempts(notificationId);
    }

    public List<OpenAlert> openAlerts() throws SQLException {
        return events.openAlerts();
    }
}
