package lifeboat.core.verify;

import java.io.IOException;
import java.io.InputStream;
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
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.Budget;
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
import lifeboat.core.repo.Encryption;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.PathOrder;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Sha256;
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

    public Verifier(Sources sources, Targets targets, BackupStore backups, VerificationStore verifications,
            Events events) {
        this.sources = sources;
        this.targets = targets;
        this.backups = backups;
        this.verifications = verifications;
        this.events = events;
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

    private VerifyResult verifyObjects(BackupRecord b, String target, VerifyMode mode, double samplePercent,
            List<ObjectRecord> objects, Progress progress) throws SQLException {
        Instant started = Instant.now();
        String identity = sources.identity(b.source());
        Check check = new Check(b, target, samplePercent, progress, identity, objects);
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
        VerifyStatus status = check.findings.isEmpty() ? VerifyStatus.OK : VerifyStatus.FAILED;
        if (!check.findings.isEmpty() || mode == VerifyMode.QUICK) {
            verified.clear(); // only a clean re-read counts as having verified an object's bytes
        }
        long id = verifications.record(new VerificationRecord(0, b.id(), target, mode, status, started,
                finished, check.objects, check.files, check.bytesRead, check.findings.size()),
                check.findings.stream().map(f -> new VerificationStore.FindingRow(f.kind(), f.object(), f.path(), f.message()))
                        .toList(), verified);
        String key = Alert.keyOf(EventType.VERIFY_FAILED, b.source() + "@" + target);
        if (!check.findings.isEmpty()) {
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
        }
        return new VerifyResult(id, b.id(), b.source(), target, mode, status, check.objects, check.files,
                check.bytesRead, started, finished, List.copyOf(check.findings), List.copyOf(check.notes));
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

        Check(BackupRecord b, String target, double samplePercent, Progress progress, String identity,
                List<ObjectRecord> recorded) {
            this.identity = identity;
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
                } catch (IOException e) {
                    // corrupt content: the whole object is still hashed below, so the report says its bytes changed
                    String why = contentError(e, o);
                    if (why != null) {
                        add(FindingKind.UNREADABLE, o.key(), null, "cannot be decrypted, decompressed or unpacked: " + why);
                    }
                }
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
                bytesRead += chain.bytesRead();
                actualHashes.put(name, chain.sha256());
            } catch (IOException e) {
                add(FindingKind.UNREADABLE, o.key(), null, "cannot be read or decompressed: " + e.getMessage());
            }
            return findings.size() == before;
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
