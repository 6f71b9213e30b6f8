package lifeboat.core.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.Budget;
import lifeboat.core.config.EncryptionSpec;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.EventType;
import lifeboat.core.model.FindingKind;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.proof.ProofRecorder;
import lifeboat.core.repo.Proof;
import lifeboat.core.repo.ProofFiles;
import lifeboat.core.repo.Encryption;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.PathOrder;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Sha256;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.repo.StoredObjects;
import lifeboat.core.repo.TarEntries;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.Storage;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies backups against the catalog, their {@code SHA256SUMS} and their manifests. Reading goes through a chain
 * of filters (hash the object, decompress, split the tar, hash each file) in one pass per object. Results are
 * findings, not exceptions, and every result is stored in the catalog.
 */
public final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    private static final int BUFFER = 1 << 20;
    private final Sources sources;
    private final Targets targets;
    private final BackupStore backups;
    private final VerificationStore verifications;
    private final Events events;
    private final SourceLocks locks;
    private final ProofRecorder proofs;

    private final AuditTrail audit;

    public Verifier(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications,
            Events events, SourceLocks locks, ProofRecorder proofs, AuditTrail audit) {
        this.locks = locks;
        this.audit = audit;
        this.sources = sources;
        this.targets = targets;
        this.backups = backups;
        this.verifications = verifications;
        this.events = events;
        this.proofs = proofs;
    }

    /** How much of every source's stored bytes on each target was re-read within {@code period} before {@code now}. */
    public List<Coverage.Item> coverage(Duration period, Instant now) throws SQLException {
        return Coverage.report(backups, period, now);
    }

    /** Verifies each complete copy of the backup (or only the copy on {@code onlyTarget}). */
    public List<VerifyResult> verify(BackupRecord b, VerifyMode mode, double samplePercent, String onlyTarget,
            Progress progress) throws IOException, SQLException {
        List<VerifyResult> out = new ArrayList<>();
        for (CopyRecord c : backups.copies(b.id())) {
            if (!c.complete() || (onlyTarget != null && !onlyTarget.equals(c.storage()))) {
                continue;
            }
            out.add(verifyCopy(b, c.storage(), mode, samplePercent, progress));
        }
        return out;
    }

    /**
     * Rolling verification: re-reads the objects verified least recently (never-verified first) until
     * {@code budgetBytes} are read, so that a nightly budget re-reads every stored byte on every target within a
     * period. One stored result per backup copy touched.
     */
    public List<VerifyResult> verifyRolling(long budgetBytes, Progress progress) throws SQLException {
        return verifyRolling(budgetBytes, backups.objectsByLastVerified(), progress);
    }

    /** Rolling verification of one source's objects only; the budget is a size or a share of that source's bytes. */
    public List<VerifyResult> verifyRolling(String source, String budget, Progress progress) throws SQLException {
        List<ObjectRecord> objects = objectsOf(source);
        long total = objects.stream().mapToLong(ObjectRecord::size).sum();
        return verifyRolling(Budget.bytes(budget, total), objects, progress);
    }

    /** The bytes stored for one source's usable backups on every target (all sources when null). */
    public long storedBytes(String source) throws SQLException {
        return objectsOf(source).stream().mapToLong(ObjectRecord::size).sum();
    }

    private List<ObjectRecord> objectsOf(String source) throws SQLException {
        if (source == null) {
            return backups.objectsByLastVerified();
        }
        Set<String> ids = new HashSet<>();
        backups.backups(source).forEach(b -> ids.add(b.id()));
        return backups.objectsByLastVerified().stream().filter(o -> ids.contains(o.backupId())).toList();
    }

    private List<VerifyResult> verifyRolling(long budgetBytes, List<ObjectRecord> candidates, Progress progress)
            throws SQLException {
        Map<String, List<ObjectRecord>> chosen = new LinkedHashMap<>();
        long planned = 0;
        boolean skipped = false;
        Instant skippedAt = null;
        for (ObjectRecord o : candidates) {
            if (planned >= budgetBytes) {
                break;
            }
            // the budget bounds what is read; only a first object larger than the whole budget may exceed it, so
            // that every run makes progress. A later, smaller object may still fit, but never one verified more
            // recently than an object passed over for its size
            if (skipped && !(o.lastVerifiedAt() == null ? skippedAt == null
                    : skippedAt != null && !o.lastVerifiedAt().isAfter(skippedAt))) {
                continue;
            }
            if (planned > 0 && planned + o.size() > budgetBytes) {
                if (!skipped) {
                    skipped = true;
                    skippedAt = o.lastVerifiedAt();
                }
                continue;
            }
            chosen.computeIfAbsent(o.backupId() + "\n" + o.storage(), k -> new ArrayList<>()).add(o);
            planned += o.size();
        }
        List<VerifyResult> out = new ArrayList<>();
        for (var e : chosen.entrySet()) {
            BackupRecord b = backups.backup(e.getValue().get(0).backupId()).orElseThrow();
            out.add(verifyObjects(b, e.getValue().get(0).storage(), VerifyMode.ROLLING, 100, e.getValue(), progress));
        }
        return out;
    }

    private VerifyResult verifyCopy(BackupRecord b, String target, VerifyMode mode, double samplePercent,
            Progress progress) throws SQLException {
        List<ObjectRecord> objects = backups.objects(b.id()).stream().filter(o -> o.storage().equals(target))
                .toList();
        return verifyObjects(b, target, mode, samplePercent, objects, progress);
    }

    /** Under the source's lock: a backup of the source, a copy or a restore of it do not run meanwhile. */
    private VerifyResult verifyObjects(BackupRecord b, String target, VerifyMode mode, double samplePercent,
            List<ObjectRecord> objects, Progress progress) throws SQLException {
        try (SourceLocks.Held held = locks.await(b.source(), "verify")) {
            return verifyHeld(b, target, mode, samplePercent, objects, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("verify of " + b.source() + ": cannot take the source's lock: "
                    + e.getMessage(), e);
        }
    }

    private VerifyResult verifyHeld(BackupRecord b, String target, VerifyMode mode, double samplePercent,
            List<ObjectRecord> objects, Progress progress) throws SQLException {
        Instant started = Instant.now();
        String identity = sources.identity(b.source(), target);
        Check check = new Check(b, target, samplePercent, progress, identity, objects, keyMismatch(b, identity));
        List<String> verified = new ArrayList<>();
        try {
            Storage storage = targets.get(target);
            progress.start("verify " + b.id() + " on " + target, mode == VerifyMode.QUICK ? -1
                    : objects.stream().mapToLong(ObjectRecord::size).sum());
            for (ObjectRecord o : objects) {
                boolean fine = mode == VerifyMode.QUICK ? check.quick(storage, o)
                        : check.full(storage, o, mode == VerifyMode.ROLLING ? VerifyMode.FULL : mode);
                if (fine) {
                    verified.add(o.key());
                }
            }
            if (mode != VerifyMode.QUICK) {
                check.sums(storage, objects);
            }
        } catch (IOException | RuntimeException e) {
            check.add(FindingKind.UNREADABLE, "-", null, "storage target unreachable or failing: " + e.getMessage());
        } finally {
            progress.finish();
        }
        Instant finished = Instant.now();
        boolean keyOnly = !check.findings.isEmpty()
                && check.findings.stream().allMatch(f -> f.kind() == FindingKind.KEY_MISMATCH);
        VerifyStatus status = check.findings.isEmpty() ? VerifyStatus.OK
                : keyOnly ? VerifyStatus.KEY_MISMATCH : VerifyStatus.FAILED;
        if (!check.findings.isEmpty() || mode == VerifyMode.QUICK) {
            verified.clear(); // only a clean re-read counts as having verified an object's bytes
        }
        long id = verifications.record(new VerificationRecord(0, b.id(), target, mode, status, started,
                finished, check.objects, check.files, check.bytesRead, check.findings.size()),
                check.findings.stream().map(f -> new VerificationStore.FindingRow(f.kind(), f.object(), f.path(), f.message()))
                        .toList(), verified);
        proofs.record(new Proof.Verification(Proof.FORMAT, ProofFiles.newId(), b.source(), b.id(), target, mode,
                status, started, finished, check.objects, check.files, check.bytesRead, check.findings.size(),
                verified, check.findings.stream().limit(20).map(f -> new Proof.Problem(f.kind(), f.object(), f.path(),
                        f.message())).toList()));
        audit.record(AuditType.VERIFICATION, b.source(), "verification", id, "backup", b.id(), "target", target,
                "mode", mode, "status", status, "objects", check.objects, "files", check.files, "bytesRead",
                check.bytesRead, "findings", check.findings.stream().limit(20)
                        .map(f -> List.of(f.kind().label(), String.valueOf(f.object()), String.valueOf(f.message())))
                        .toList(), "findingCount", check.findings.size());
        String key = Alert.keyOf(EventType.VERIFY_FAILED, b.source() + "@" + target);
        String keyProblem = Alert.keyOf(EventType.VERIFY_FAILED, b.source() + ":key");
        if (keyOnly) {
            LOG.warn("verification {} of {} on {}: the age identity cannot decrypt it: {}", id, b.id(), target,
                    check.findings.get(0).message());
            events.raise(new Alert(EventType.VERIFY_FAILED, EventType.VERIFY_FAILED.severity(), b.source(), b.source(),
                    b.id(), "verification " + id + " (" + mode.label() + ") of backup " + b.id() + " on storage target "
                            + target + " could not decrypt " + check.findings.size() + " object(s): "
                            + check.findings.get(0).message(),
                    "this is a key problem, not damage: the stored bytes match their SHA-256 and the backup keeps its"
                            + " grade. Set sources." + b.source() + ".encryption.identity to the age secret key of one"
                            + " of the recipients the backups were encrypted to (the printed copy in the safe), check it"
                            + " with lifeboat check-config, then run lifeboat verify " + b.id() + " --mode full",
                    keyProblem));
        } else if (!check.findings.isEmpty()) {
            String what = check.findings.get(0) + (check.findings.size() > 1 ? " (and " + (check.findings.size() - 1)
                    + " more)" : "");
            LOG.warn("verification {} of {} on {} failed: {}", id, b.id(), target, what);
            events.raise(new Alert(EventType.VERIFY_FAILED, EventType.VERIFY_FAILED.severity(), b.source(), b.source(), b.id(),
                    "verification " + id + " (" + mode.label() + ") of backup " + b.id() + " on storage target " + target
                            + " found " + check.findings.size() + " problem(s): " + what,
                    "this backup no longer counts as good. See lifeboat show " + b.id() + "; run lifeboat latest-good "
                            + b.source() + " to find the newest good one, and lifeboat backup " + b.source()
                            + " --level full --verify for a fresh full backup; check the storage target " + target
                            + " (disk errors, space, permissions)", key));
        } else {
            events.resolve(EventType.VERIFY_FAILED, b.source(), key, "verification " + id + " ("
                    + mode.label() + ") of backup " + b.id() + " on " + target + " passed");
            if (check.decrypted) {
                events.resolve(EventType.VERIFY_FAILED, b.source(), keyProblem, "verification " + id + " ("
                        + mode.label() + ") of backup " + b.id() + " on " + target + " decrypted it with the configured"
                        + " age identity");
            }
        }
        return new VerifyResult(id, b.id(), b.source(), target, mode, status, check.objects, check.files,
                check.bytesRead, started, finished, List.copyOf(check.findings), List.copyOf(check.notes));
    }

    /**
     * What to say when the configured identity cannot open this backup's objects: its public key against the
     * recipients the backup was encrypted to (recorded with the backup; else the source's configured ones).
     */
    private String keyMismatch(BackupRecord b, String identity) {
        List<String> recipients = new ArrayList<>();
        try {
            Json.MAPPER.readTree(b.details() == null ? "{}" : b.details()).path("encryption").path("recipients")
                    .forEach(r -> recipients.add(r.asText()));
        } catch (IOException | RuntimeException e) {
            // details unreadable: fall back to the configuration
        }
        if (recipients.isEmpty()) {
            sources.find(b.source()).map(SourceConfig::encryption).ifPresent(e -> recipients.addAll(e.recipients()));
        }
        String own = EncryptionSpec.recipientOf(identity);
        if (own != null && recipients.contains(own)) {
            return "no recipient of its age header opens with the configured identity, though its public key " + own
                    + " is one of the recipients; its stored bytes match their SHA-256";
        }
        return "the configured age identity (sources." + b.source() + ".encryption.identity, public key " + own
                + ") does not match the recipients this backup was encrypted to (" + String.join(", ", recipients)
                + "): it cannot be decrypted with this key; its stored bytes match their SHA-256";
    }

    /** The state of verifying one copy. */
    private static final class Check {
        private final BackupRecord b;
        private final String target;
        private final double sample;
        private final Progress progress;
        private final List<Finding> findings = new ArrayList<>();
        private final Map<String, String> actualHashes = new HashMap<>();
        private final SplittableRandom random = new SplittableRandom();
        private final byte[] buffer = new byte[BUFFER];
        private long objects;
        private long files;
        private long bytesRead;

        private final String identity;
        private final List<ObjectRecord> recorded;
        private final List<String> notes = new ArrayList<>();
        private final String keyMismatch;
        /** Whether an encrypted object was opened with the identity: proof that the key fits. */
        private boolean decrypted;

        Check(BackupRecord b, String target, double samplePercent, Progress progress, String identity,
                List<ObjectRecord> recorded, String keyMismatch) {
            this.identity = identity;
            this.keyMismatch = keyMismatch;
            this.recorded = recorded;
            this.b = b;
            this.target = target;
            this.sample = samplePercent / 100.0;
            this.progress = progress;
        }

        void add(FindingKind kind, String object, String path, String message) {
            findings.add(new Finding(kind, b.id(), target, object, path, message));
        }

        boolean quick(Storage s, ObjectRecord o) throws IOException {
            objects++;
            Optional<ObjectInfo> info = s.stat(o.key());
            if (info.isEmpty()) {
                add(FindingKind.MISSING_OBJECT, o.key(), null, "object is missing");
                return false;
            }
            if (info.get().size() != o.size()) {
                add(FindingKind.SIZE_MISMATCH, o.key(), null, "object has " + info.get().size() + " bytes, the catalog says " + o.size());
                return false;
            }
            return true;
        }

        boolean full(Storage s, ObjectRecord o, VerifyMode mode) throws IOException {
            if (!quick(s, o)) {
                return false;
            }
            String name = RepositoryLayout.fileName(o.key());
            boolean encrypted = StoredObjects.encrypted(name);
            String logical = encrypted ? name.substring(0, name.length() - Encryption.SUFFIX.length()) : name;
            int before = findings.size();
            boolean keyRejected = false;
            try (ReadChain chain = ReadChain.open(s, o.key(), o.size(), o.sha256(), identity)
                    .onRead(n -> progress.advance(n, name))) {
                try {
                    if (encrypted && identity == null) {
                        notes.add(name + ": encrypted and no identity configured, so only its SHA-256 was checked");
                    } else if (logical.equals(RepositoryLayout.DATA) && b.kind() == BackupKind.FILES) {
                        files(s, o, chain.content(), mode);
                    } else if (logical.endsWith(".zst")) {
                        drain(chain.content()); // the zstd frame checksum proves the content decompresses whole
                    } else if (encrypted) {
                        chain.plain(); // the identity opens it
                    }
                    decrypted |= encrypted && identity != null;
                } catch (IOException e) {
                    if (encrypted && identity != null && Encryption.keyRejected(e)) {
                        keyRejected = true; // no recipient stanza opens with this key: damage or the wrong key, see below
                    } else {
                        // corrupt content: the whole object is still hashed below, so the report says its bytes changed
                        String why = contentError(e, o);
                        if (why != null) {
                            add(FindingKind.UNREADABLE, o.key(), null, "cannot be decrypted, decompressed or unpacked: "
                                    + why);
                        }
                    }
                }
                if (!keyRejected) {
                    finish(chain, o);
                    bytesRead += chain.bytesRead();
                    actualHashes.put(name, chain.sha256());
                }
            } catch (IOException e) {
                add(FindingKind.UNREADABLE, o.key(), null, "cannot be read or decompressed: " + e.getMessage());
            }
            if (keyRejected) {
                storedBytesOnly(s, o, name);
            }
            return findings.size() == before;
        }

        private void finish(ReadChain chain, ObjectRecord o) throws IOException {
            try {
                chain.finish();
            } catch (ReadChain.Failure f) {
                if (f.problem() == ReadChain.Problem.HASH_MISMATCH) {
                    add(FindingKind.HASH_MISMATCH, o.key(), null, "object SHA-256 is " + f.actual() + ", the catalog says "
                            + f.expected());
                } else {
                    add(FindingKind.SIZE_MISMATCH, o.key(), null, "object has " + f.actual() + " bytes, the catalog says "
                            + f.expected());
                }
            }
        }

        /**
         * An object the identity could not open: its stored bytes are read again without decrypting. When they match
         * their SHA-256 the header is intact, so the key is wrong; when they do not, the object is damaged.
         */
        private void storedBytesOnly(Storage s, ObjectRecord o, String name) {
            int before = findings.size();
            try (ReadChain chain = ReadChain.open(s, o.key(), o.size(), o.sha256(), null)) {
                finish(chain, o);
                bytesRead += chain.bytesRead();
                actualHashes.put(name, chain.sha256());
            } catch (IOException e) {
                add(FindingKind.UNREADABLE, o.key(), null, "cannot be read: " + e.getMessage());
            }
            if (findings.size() == before) {
                add(FindingKind.KEY_MISMATCH, o.key(), null, keyMismatch);
            }
        }

        /** What reading an object's content failed with, or null when it was only its own mismatch (reported apart). */
        private static String contentError(IOException e, ObjectRecord o) {
            if (e instanceof ReadChain.Failure f && f.key().equals(o.key())
                    && f.problem() != ReadChain.Problem.UNREADABLE) {
                return f.filterError() == null ? null : f.filterError().getMessage();
            }
            return e.getMessage();
        }

        /** Re-hashes the archive's files against the manifest entries this backup holds, merged in path order. */
        private void files(Storage s, ObjectRecord data, InputStream content, VerifyMode mode) throws IOException {
            String manifestKey = RepositoryLayout.key(b.source(), b.id(),
                    RepositoryLayout.MANIFEST + (StoredObjects.encrypted(data.key()) ? Encryption.SUFFIX : ""));
            try (ManifestReader m = new ManifestReader(manifest(s, manifestKey).contentOrClose(), manifestKey);
                    TarArchiveInputStream tar = new TarArchiveInputStream(content, "UTF-8")) {
                ManifestEntry want = nextHeld(m);
                TarArchiveEntry te;
                while ((te = tar.getNextEntry()) != null) {
                    if (!TarEntries.regularFile(te)) {
                        continue;
                    }
                    String name = te.getName();
                    while (want != null && PathOrder.INSTANCE.compare(want.path(), name) < 0) {
                        add(FindingKind.FILE_MISSING, data.key(), want.path(), "file listed in the manifest is not in the archive");
                        want = nextHeld(m);
                    }
                    if (want == null || !want.path().equals(name)) {
                        add(FindingKind.FILE_UNEXPECTED, data.key(), name, "archive entry is not in the manifest");
                        continue;
                    }
                    if (mode == VerifyMode.FULL || random.nextDouble() < sample) {
                        files++;
                        MessageDigest d = Sha256.digest();
                        int n;
                        while ((n = tar.read(buffer)) > 0) {
                            d.update(buffer, 0, n);
                        }
                        String sha = Hex.encodeHexString(d.digest());
                        if (!sha.equals(want.sha256())) {
                            add(FindingKind.FILE_HASH_MISMATCH, data.key(), name, "content SHA-256 is " + sha
                                    + ", the manifest says " + want.sha256());
                        }
                    }
                    want = nextHeld(m);
                }
                while (want != null) {
                    add(FindingKind.FILE_MISSING, data.key(), want.path(), "file listed in the manifest is not in the archive");
                    want = nextHeld(m);
                }
                drain(content); // to the end of the zstd frame, so its checksum is checked too
            }
        }

        /** The manifest, checked against its record when this verification has it (a rolling one may not). */
        private ReadChain manifest(Storage s, String key) throws IOException {
            for (ObjectRecord o : recorded) {
                if (o.key().equals(key)) {
                    return ReadChain.open(s, key, o.size(), o.sha256(), identity);
                }
            }
            return ReadChain.open(s, key, identity);
        }

        private ManifestEntry nextHeld(ManifestReader m) throws IOException {
            for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                if (e.isFile() && b.id().equals(e.held())) {
                    return e;
                }
            }
            return null;
        }

        /** The copy's {@code SHA256SUMS} must agree with what was just read. */
        void sums(Storage s, List<ObjectRecord> objs) throws IOException {
            String key = RepositoryLayout.key(b.source(), b.id(), RepositoryLayout.SUMS);
            if (objs.stream().noneMatch(o -> o.key().equals(key))) {
                return;
            }
            String text;
            try (InputStream in = ReadChain.open(s, key, null).raw()) { // each object was checked on its own
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return; // already reported for the object itself
            }
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int sep = line.indexOf("  ");
                if (sep != 64) {
                    add(FindingKind.SUMS_MISMATCH, key, null, "malformed line: " + line);
                    continue;
                }
                String name = line.substring(sep + 2);
                String actual = actualHashes.get(name);
                if (actual != null && !actual.equals(line.substring(0, 64))) {
                    add(FindingKind.SUMS_MISMATCH, key, null, name + " is listed with " + line.substring(0, 64) + " but has " + actual);
                }
            }
        }

        private void drain(InputStream in) throws IOException {
            while (in.read(buffer) >= 0) {
                // reading is the check
            }
        }
    }
}
