package lifeboat.core.rebuild;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.BackupMetadata;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.Proof;
import lifeboat.core.repo.ProofFiles;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Sha256;
import lifeboat.core.verify.Finding;
import lifeboat.core.verify.Verifier;
import lifeboat.core.verify.VerifyResult;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the catalog from a repository alone ({@code lifeboat catalog rebuild --from TARGET}): every backup with a
 * {@code backup.json} on the target becomes a backup with its objects and its copy there, and the proof kept beside
 * the backups ({@code proof/}) becomes its verifications and trial restores again.
 *
 * <p>It merges, never overwrites: a backup the catalog does not know is added; a known one gets this target's copy
 * added when it lacks it; a result already in the catalog is not added twice. So it can run on an empty catalog, again
 * with a second target, or again after an interruption. When what the target says contradicts the catalog (a backup id
 * of another source, level, parent or start, or a copy with other objects) it refuses before writing anything and
 * names every contradiction.
 */
public final class CatalogRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogRebuild.class);
    private static final int MAX_METADATA = 16 << 20;
    /** Backups (and proof results) recorded per transaction. */
    private static final int BATCH = 200;

    /** What a rebuilt catalog cannot know, because the repository does not hold it. */
    public static final List<String> NOT_IN_THE_REPOSITORY = List.of(
            "backups that failed or were interrupted (they have no backup.json), and their errors",
            "the history of pruned backups (prune removes their backup.json first)",
            "each backup's changedFiles, changedBytes and notes, and the host:pid that wrote it",
            "the findings of old verifications beyond the first 20 per result; restores, recovery runs, job runs,"
                    + " events and notifications",
            "copies on targets not rebuilt from (run catalog rebuild --from each target)",
            "proof a target could not take when it was made (it was down): that result is on the other targets only");

    private final Targets targets;
    private final BackupStore backups;
    private final VerificationStore verifications;
    private final TrialStore trials;
    private final Verifier verifier;

    public CatalogRebuild(Targets targets, BackupStore backups, VerificationStore verifications, TrialStore trials,
            Verifier verifier) {
        this.targets = targets;
        this.backups = backups;
        this.verifications = verifications;
        this.trials = trials;
        this.verifier = verifier;
    }

    /** A backup as its {@code backup.json} on the target describes it. */
    private record Found(BackupMetadata meta, ObjectRecord metadataObject, Map<String, ObjectInfo> listed) {
    }

    /**
     * Reads the target's repository into the catalog.
     *
     * @param verify null to trust the listing (present, sizes match), else a verification of every copy taken,
     *     recorded as usual: {@code quick} or {@code full} (every object re-read against its SHA-256)
     * @throws IllegalArgumentException the target is unknown or holds no repository, or the catalog contradicts it
     */
    public RebuildReport rebuild(String targetName, VerifyMode verify, Progress progress)
            throws IOException, SQLException {
        if (verify != null && verify != VerifyMode.QUICK && verify != VerifyMode.FULL) {
            throw new IllegalArgumentException("--verify is quick or full, not " + verify.label());
        }
        Instant started = Instant.now();
        targets.config(targetName);
        Storage target = targets.get(targetName);
        String repositoryId = repositoryId(target);
        List<RebuildReport.Skipped> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Found> found = scan(target, skipped, progress);

        Map<String, BackupRecord> known = new HashMap<>();
        for (BackupRecord b : backups.backups(null)) {
            known.put(b.id(), b);
        }
        Map<String, List<CopyRecord>> copies = backups.copiesByBackup(null);
        List<String> conflicts = new ArrayList<>();
        for (Found f : found) {
            BackupRecord b = known.get(f.meta().id());
            if (b != null) {
                conflicts.addAll(conflicts(f, b, targetName));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("the catalog contradicts storage target '" + targetName + "' ("
                    + target.location() + "); nothing was changed. Rebuild into an empty catalog (a new catalog.url),"
                    + " or remove what is wrong from the catalog first:\n  " + String.join("\n  ", conflicts));
        }

        List<String> added = new ArrayList<>();
        List<String> copiesAdded = new ArrayList<>();
        List<String> alreadyKnown = new ArrayList<>();
        List<RebuildReport.Mismatch> mismatches = new ArrayList<>();
        List<BackupRecord> batch = new ArrayList<>();
        List<ObjectRecord> batchObjects = new ArrayList<>();
        List<CopyRecord> batchCopies = new ArrayList<>();
        List<Found> toVerify = new ArrayList<>();
        for (Found f : found) {
            BackupMetadata m = f.meta();
            List<ObjectRecord> objects = objects(f, targetName);
            CopyRecord copy = new CopyRecord(m.id(), targetName, CopyStatus.COMPLETE, m.finishedAt());
            BackupRecord was = known.get(m.id());
            if (was == null) {
                BackupRecord b = record(m, objects, targetName);
                batch.add(b);
                batchObjects.addAll(objects);
                batchCopies.add(copy);
                if (batch.size() >= BATCH) {
                    flush(batch, batchObjects, batchCopies);
                }
                known.put(b.id(), b);
                added.add(m.id());
            } else if (copies.getOrDefault(m.id(), List.of()).stream()
                    .noneMatch(c -> c.storage().equals(targetName) && c.complete())) {
                backups.addCopy(copy, objects);
                backups.updateDetails(m.id(), mergedDetails(was.details(), m, targetName));
                copiesAdded.add(m.id());
            } else {
                alreadyKnown.add(m.id());
            }
            if (verify != null || !listingMismatches(f, targetName).isEmpty()) {
                toVerify.add(f);
            }
        }
        flush(batch, batchObjects, batchCopies);
        for (Found f : toVerify) {
            BackupRecord b = backups.backup(f.meta().id()).orElseThrow();
            for (VerifyResult r : verifier.verify(b, verify == null ? VerifyMode.QUICK : verify, 100, targetName,
                    progress)) {
                for (Finding x : r.findings()) {
                    mismatches.add(new RebuildReport.Mismatch(b.id(), x.object(), x.kind().label(), x.message()));
                }
            }
        }
        for (Found f : found) {
            String parent = f.meta().parent();
            if (parent != null && !known.containsKey(parent)) {
                problems.add("backup " + f.meta().id() + " of " + f.meta().source() + " builds on " + parent
                        + ", which no rebuilt target holds: it cannot be restored until a target with " + parent
                        + " is rebuilt from");
            }
        }
        int[] imported = importProof(target, problems, known.keySet());
        LOG.info("catalog rebuilt from {}: {} backups found, {} added, {} copies added, {} skipped", targetName,
                found.size(), added.size(), copiesAdded.size(), skipped.size());
        return new RebuildReport(targetName, target.location(), repositoryId, verify == null ? null : verify.label(),
                started, Instant.now(), found.size(), added, copiesAdded, alreadyKnown, skipped, mismatches,
                imported[0], imported[1], imported[2], problems, NOT_IN_THE_REPOSITORY);
    }

    private void flush(List<BackupRecord> batch, List<ObjectRecord> objects, List<CopyRecord> copies)
            throws SQLException {
        if (!batch.isEmpty()) {
            backups.insertFinished(batch, objects, copies);
        }
        batch.clear();
        objects.clear();
        copies.clear();
    }

    private static String repositoryId(Storage target) throws IOException {
        if (target.stat(RepositoryLayout.REPO_FILE).isEmpty()) {
            throw new IllegalArgumentException("storage target '" + target.name() + "' (" + target.location()
                    + ") holds no Lifeboat repository: no " + RepositoryLayout.REPO_FILE);
        }
        try (InputStream in = target.open(RepositoryLayout.REPO_FILE)) {
            Map<String, Object> m = Json.MAPPER.readValue(in, new TypeReference<Map<String, Object>>() {});
            if (!(m.get("format") instanceof Number n) || n.intValue() > BackupMetadata.FORMAT) {
                throw new IllegalArgumentException("storage target '" + target.name() + "' holds a repository of format "
                        + m.get("format") + ", newer than this Lifeboat understands");
            }
            return Objects.toString(m.get("id"), null);
        }
    }

    /** Every backup directory on the target: those with a readable backup.json, oldest first; the rest skipped. */
    private static List<Found> scan(Storage target, List<RebuildReport.Skipped> skipped, Progress progress)
            throws IOException {
        Map<String, Map<String, ObjectInfo>> dirs = new TreeMap<>();
        for (ObjectInfo o : target.list("backups/")) {
            String[] parts = o.key().split("/", 4);
            if (parts.length < 4) {
                continue;
            }
            dirs.computeIfAbsent(parts[1] + "/" + parts[2], k -> new TreeMap<>()).put(parts[3], o);
        }
        progress.start("rebuild from " + target.name(), dirs.size());
        List<Found> out = new ArrayList<>();
        try {
            for (var e : dirs.entrySet()) {
                progress.advance(1, e.getKey());
                String dir = "backups/" + e.getKey() + "/";
                String source = e.getKey().substring(0, e.getKey().indexOf('/'));
                String id = e.getKey().substring(e.getKey().indexOf('/') + 1);
                ObjectInfo metaInfo = e.getValue().get(RepositoryLayout.METADATA);
                if (metaInfo == null) {
                    skipped.add(new RebuildReport.Skipped(dir, e.getValue().size() + " object(s) but no "
                            + RepositoryLayout.METADATA + ": not whole (an interrupted or failed backup)"));
                    continue;
                }
                if (metaInfo.size() > MAX_METADATA) {
                    skipped.add(new RebuildReport.Skipped(dir, RepositoryLayout.METADATA + " of " + metaInfo.size()
                            + " bytes is too large to be one"));
                    continue;
                }
                byte[] bytes;
                BackupMetadata meta;
                try (InputStream in = target.open(metaInfo.key())) {
                    bytes = in.readAllBytes();
                    meta = Json.MAPPER.readValue(bytes, BackupMetadata.class);
                } catch (IOException | RuntimeException x) {
                    skipped.add(new RebuildReport.Skipped(dir, RepositoryLayout.METADATA + " unreadable: "
                            + x.getMessage()));
                    continue;
                }
                String wrong = invalid(meta, source, id);
                if (wrong != null) {
                    skipped.add(new RebuildReport.Skipped(dir, wrong));
                    continue;
                }
                MessageDigest sha = Sha256.digest();
                sha.update(bytes);
                ObjectRecord metaObject = new ObjectRecord(id, target.name(), metaInfo.key(), bytes.length,
                        Sha256.hex(sha), null);
                out.add(new Found(meta, metaObject, e.getValue()));
            }
        } finally {
            progress.finish();
        }
        out.sort(Comparator.comparing((Found f) -> f.meta().startedAt()).thenComparing(f -> f.meta().id()));
        return out;
    }

    private static String invalid(BackupMetadata m, String source, String id) {
        if (m.format() > BackupMetadata.FORMAT) {
            return RepositoryLayout.METADATA + " of format " + m.format() + ", newer than this Lifeboat understands";
        }
        if (!id.equals(m.id()) || !source.equals(m.source())) {
            return RepositoryLayout.METADATA + " names backup " + m.id() + " of " + m.source()
                    + ", not the directory it is in";
        }
        if (m.kind() == null || m.level() == null || m.status() == null || m.startedAt() == null
                || m.objects() == null || m.objects().isEmpty()) {
            return RepositoryLayout.METADATA + " lacks its kind, level, status, start or objects";
        }
        return null;
    }

    /** Where what the target says and what the catalog holds disagree. */
    private List<String> conflicts(Found f, BackupRecord b, String targetName) throws SQLException {
        BackupMetadata m = f.meta();
        List<String> out = new ArrayList<>();
        String what = "backup " + m.id() + ": ";
        if (!b.source().equals(m.source())) {
            out.add(what + "the catalog has it as a backup of " + b.source() + ", the target of " + m.source());
        }
        if (b.level() != m.level() || b.kind() != m.kind() || !Objects.equals(b.parentId(), m.parent())) {
            out.add(what + "the catalog has it as " + b.kind() + " " + b.level().label() + " on "
                    + b.parentId() + ", the target as " + m.kind() + " " + m.level().label() + " on " + m.parent());
        }
        if (!b.startedAt().truncatedTo(ChronoUnit.MILLIS).equals(m.startedAt().truncatedTo(ChronoUnit.MILLIS))) {
            out.add(what + "the catalog has it started at " + b.startedAt() + ", the target at " + m.startedAt());
        }
        Map<String, String> catalogObjects = new HashMap<>();
        for (ObjectRecord o : backups.objects(m.id())) {
            if (o.storage().equals(targetName) && !o.key().endsWith("/" + RepositoryLayout.METADATA)) {
                catalogObjects.put(o.key(), o.sha256());
            }
        }
        if (!catalogObjects.isEmpty()) {
            Map<String, String> onTarget = new HashMap<>();
            for (BackupMetadata.StoredObject so : m.objects()) {
                onTarget.put(RepositoryLayout.key(m.source(), m.id(), so.name()), so.sha256());
            }
            if (!catalogObjects.equals(onTarget)) {
                out.add(what + "the catalog's copy on " + targetName + " has other objects or SHA-256 than its "
                        + RepositoryLayout.METADATA + " there");
            }
        }
        return out;
    }

    private static List<ObjectRecord> objects(Found f, String targetName) {
        BackupMetadata m = f.meta();
        List<ObjectRecord> out = new ArrayList<>();
        for (BackupMetadata.StoredObject so : m.objects()) {
            out.add(new ObjectRecord(m.id(), targetName, RepositoryLayout.key(m.source(), m.id(), so.name()), so.size(),
                    so.sha256(), null));
        }
        out.add(f.metadataObject());
        return out;
    }

    /** Objects backup.json lists that the target's listing lacks, or has with another size. */
    private static List<RebuildReport.Mismatch> listingMismatches(Found f, String targetName) {
        List<RebuildReport.Mismatch> out = new ArrayList<>();
        for (BackupMetadata.StoredObject so : f.meta().objects()) {
            ObjectInfo info = f.listed().get(so.name());
            if (info == null) {
                out.add(new RebuildReport.Mismatch(f.meta().id(), so.name(), "missing-object", "not on " + targetName));
            } else if (info.size() != so.size()) {
                out.add(new RebuildReport.Mismatch(f.meta().id(), so.name(), "size-mismatch", info.size()
                        + " bytes on " + targetName + ", " + so.size() + " recorded"));
            }
        }
        return out;
    }

    private static BackupRecord record(BackupMetadata m, List<ObjectRecord> objects, String targetName)
            throws IOException {
        long stored = objects.stream().mapToLong(ObjectRecord::size).sum();
        return new BackupRecord(m.id(), m.source(), m.sourceType(), m.kind(), m.level(), m.parent(),
                m.full() == null ? m.id() : m.full(), m.status(), m.startedAt(), m.finishedAt(), m.files(), m.bytes(),
                stored, ProcessOwner.current(), null, mergedDetails(null, m, targetName));
    }

    /** The catalog's details of a backup, with what this copy's backup.json says added. */
    private static String mergedDetails(String existing, BackupMetadata m, String targetName) throws IOException {
        Map<String, Object> details = existing == null ? new LinkedHashMap<>()
                : Json.MAPPER.readValue(existing, new TypeReference<LinkedHashMap<String, Object>>() {});
        details.putIfAbsent("problems", m.problems() == null ? List.of() : m.problems());
        details.putIfAbsent("warnings", m.warnings() == null ? List.of() : m.warnings());
        details.putIfAbsent("deletedFiles", m.deleted());
        if (m.fingerprint() != null) {
            details.putIfAbsent("fingerprint", m.fingerprint());
        }
        details.putIfAbsent("rebuiltFrom", targetName);
        if (m.encryption() != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> enc = (Map<String, Object>) details.computeIfAbsent("encryption",
                    k -> new LinkedHashMap<String, Object>());
            enc.put(targetName, m.encryption());
        }
        return Json.MAPPER.writeValueAsString(details);
    }

    /**
     * The target's proof, as verifications and trial restores of the backups the catalog now knows; a result the
     * catalog already has (the same one from another target) is not added twice.
     *
     * @return verifications imported, trials imported, results already known
     */
    private int[] importProof(Storage target, List<String> problems, Set<String> inCatalog)
            throws IOException, SQLException {
        ProofFiles.Read read = ProofFiles.readAll(target);
        problems.addAll(read.problems());
        int[] counts = new int[3];
        Map<String, List<VerificationRecord>> verified = new HashMap<>();
        for (VerificationRecord v : verifications.all()) {
            verified.computeIfAbsent(v.backupId(), k -> new ArrayList<>()).add(v);
        }
        Map<String, List<TrialRecord>> tried = new HashMap<>();
        int unknown = 0;
        List<VerificationStore.Result> pending = new ArrayList<>();
        for (Proof p : read.proofs()) {
            if (!inCatalog.contains(p.backup())) {
                unknown++;
                continue;
            }
            if (p instanceof Proof.Verification v) {
                List<VerificationRecord> have = verified.computeIfAbsent(v.backup(), k -> new ArrayList<>());
                boolean known = have.stream().anyMatch(h -> h.storage().equals(v.storage()) && h.mode() == v.mode()
                        && h.status() == v.status() && sameTime(h.finishedAt(), v.finishedAt()));
                if (known) {
                    counts[2]++;
                    if (v.status() == VerifyStatus.OK && !v.verifiedKeys().isEmpty()) {
                        backups.markVerified(v.backup(), v.storage(), v.verifiedKeys(), v.finishedAt());
                    }
                    continue;
                }
                VerificationRecord r = new VerificationRecord(0, v.backup(), v.storage(), v.mode(), v.status(),
                        v.startedAt(), v.finishedAt(), v.objectsChecked(), v.filesChecked(), v.bytesRead(),
                        v.findings());
                pending.add(new VerificationStore.Result(r, v.problems().stream().map(CatalogRebuild::finding).toList(),
                        v.status() == VerifyStatus.OK ? v.verifiedKeys() : List.of()));
                if (pending.size() >= BATCH) {
                    verifications.recordAll(pending);
                    pending.clear();
                }
                have.add(r);
                counts[0]++;
            } else if (p instanceof Proof.Trial t) {
                List<TrialRecord> have = tried.computeIfAbsent(t.source(), this::trialsOf);
                boolean known = have.stream().anyMatch(h -> h.backupId().equals(t.backup()) && h.status() == t.status()
                        && sameTime(h.startedAt(), t.startedAt()));
                if (known) {
                    counts[2]++;
                    continue;
                }
                TrialRecord r = new TrialRecord(0, t.backup(), t.source(), t.status(), "(rebuilt from proof)",
                        ProcessOwner.current(), t.startedAt(), t.finishedAt(), t.durationMs(), t.bytes(), t.rows(),
                        t.error(), t.checks().stream().map(c -> new TrialRecord.CheckRecord(c.name(), c.status(),
                                c.detail())).toList());
                trials.insertFinished(r);
                have.add(r);
                counts[1]++;
            }
        }
        if (!pending.isEmpty()) {
            verifications.recordAll(pending);
        }
        if (unknown > 0) {
            problems.add(unknown + " proof result(s) of backups not on this target (pruned, or on another target"
                    + " only) were left out");
        }
        return counts;
    }

    private List<TrialRecord> trialsOf(String source) {
        try {
            return new ArrayList<>(trials.of(source));
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean sameTime(Instant a, Instant b) {
        return a != null && b != null && a.truncatedTo(ChronoUnit.MILLIS).equals(b.truncatedTo(ChronoUnit.MILLIS));
    }

    private static VerificationStore.FindingRow finding(Proof.Problem p) {
        return new VerificationStore.FindingRow(p.kind(), p.object(), p.path(), p.message());
    }
}
