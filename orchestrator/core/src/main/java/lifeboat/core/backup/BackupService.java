package lifeboat.core.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.events.Events;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.plugins.LoggingJobLog;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.BackgroundOutputStream;
import lifeboat.core.repo.BackupMetadata.StoredObject;
import lifeboat.core.repo.BackupMetadata;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.ManifestWriter;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.repo.StoredObjects;
import lifeboat.core.repo.Zstd;
import lifeboat.core.verify.Verifier;
import lifeboat.spi.DumpSource;
import lifeboat.spi.JobLog;
import lifeboat.spi.Source;
import lifeboat.spi.Storage;
import lifeboat.spi.TreeSource;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a source to all of its storage targets in one streaming pass. A backup is {@code complete} in the catalog
 * only after every object, {@code SHA256SUMS} and {@code backup.json} are durable on every target; on any failure its
 * objects are removed and it is marked {@code failed}. A run killed at any instant leaves a {@code running} row that
 * {@link Janitor} turns into {@code failed} and cleans up at the next run. A second backup of a source while one
 * runs, in this process or another, is refused with {@link SourceLocks.Busy}.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final Sources sources;
    private final Targets targets;
    private final BackupStore store;
    private final Path dataDir;
    private final BackupEvents events;
    private final Verifier verifier;
    private final Clock clock;
    private final int zstdLevel;
    private final int zstdWorkers;
    /** zstd's own worker threads for a tree's archive; 0: one compressing thread beside the reading one */
    private final int treeWorkers;
    private final SourceLocks locks;
    private final AuditTrail audit;

    /**
     * @param dataDir where the manifests of encrypted backups are cached, so incrementals need no secret key
     * @param locks one backup per source at a time, across processes
     */
    public BackupService(Sources sources, Targets targets, BackupStore store, Path dataDir, Events events,
            Verifier verifier, Clock clock, SourceLocks locks, AuditTrail audit) {
        this.locks = locks;
        this.audit = audit;
        this.sources = sources;
        this.targets = targets;
        this.store = store;
        this.dataDir = dataDir;
        this.events = new BackupEvents(events);
        this.verifier = verifier;
        this.clock = clock;
        this.zstdLevel = Integer.getInteger("lifeboat.zstd.level", Zstd.DEFAULT_LEVEL);
        // A dump is compressed by zstd's workers, two at least: its tool and the database server leave most of a
        // core free, and one worker made the backup of a 512 MB dump 10-25% slower (README "Performance"). A file
        // tree's archive is compressed on one thread of its own on 2 cores, where the backup's thread walks, reads
        // and hashes: zstd's 2 workers took more CPU there, and 40-100 MiB more memory.
        int cores = Runtime.getRuntime().availableProcessors();
        this.zstdWorkers = Integer.getInteger("lifeboat.zstd.workers", Math.max(2, cores - 1));
        this.treeWorkers = Integer.getInteger("lifeboat.zstd.workers", cores <= 2 ? 0 : cores - 1);
    }

    /**
     * Backs up one source, tells people how it went, and with {@code verify} then re-reads and re-hashes every object
     * and file of the new backup on every target (the verification reports its own findings).
     */
    public BackupRun run(String sourceName, Level requested, boolean verify, Progress progress, Attempt attempt)
            throws IOException, SQLException {
        BackupResult r = backup(sourceName, requested, progress, attempt);
        if (!verify || r.status() == BackupStatus.FAILED) {
            return new BackupRun(r, null);
        }
        BackupRecord b = store.backup(r.id()).orElseThrow();
        return new BackupRun(r, verifier.verify(b, VerifyMode.FULL, 100, null, progress));
    }

    /**
     * Backs up one source and tells people how it went (see {@link BackupEvents}). A source that cannot even be
     * opened is reported the same way and its exception rethrown.
     */
    public BackupResult backup(String sourceName, Level requested, Progress progress, Attempt attempt)
            throws IOException, SQLException {
        // a backup already running is no failure of the source: refused before anything is reported
        try (SourceLocks.Held held = locks.tryAcquire(sourceName, "backup")) {
            BackupResult r;
            try {
                r = backup(sourceName, requested, progress);
            } catch (IOException | SQLException | RuntimeException e) {
                audit.record(AuditType.BACKUP_FAILED, sourceName, "level", requested, "error",
                        e.getMessage() == null ? e.toString() : e.getMessage(), "ran", false);
                events.notRun(sourceName, e, attempt);
                throw e;
            }
            events.ended(r, attempt);
            return r;
        }
    }

    /** Backs up one source without telling anyone: for the caller that reports the result itself. */
    BackupResult backup(String sourceName, Level requested, Progress progress) throws IOException, SQLException {
        SourceConfig sc = sources.get(sourceName);
        new Janitor(sources, this.targets, store).cleanUp(sc);
        List<Storage> targets = this.targets.of(sc);
        for (Storage t : targets) {
            RepositoryFile.ensure(t);
        }
        Instant started = clock.instant();
        String id = BackupIds.next(started);
        try (Source source = sources.open(sc)) {
            BackupKind kind = source instanceof TreeSource ? BackupKind.FILES : BackupKind.DUMP;
            Level level = requested;
            BackupRecord base = null;
            String note = null;
            if (source instanceof DumpSource) {
                if (level != Level.FULL) {
                    note = "database dumps are always full; took a full backup";
                }
                level = Level.FULL;
            } else if (level != Level.FULL) {
                base = store.latestUsable(sc.name(), level == Level.DIFFERENTIAL).orElse(null);
                if (base == null) {
                    note = "no earlier backup of " + sc.name() + " to compare with: took a full backup instead of "
                            + level.label();
                    level = Level.FULL;
                }
            }
            String fullId = base == null ? id : base.fullId();
            BackupRecord running = new BackupRecord(id, sc.name(), sc.type(), kind, level, base == null ? null : base.id(),
                    fullId, BackupStatus.RUNNING, started, null, 0, 0, 0, ProcessOwner.current(), null, null);
            store.insertBackup(running);
            audit.record(AuditType.BACKUP_STARTED, sc.name(), "backup", id, "level", level, "kind", kind,
                    "parent", running.parentId(), "targets", sc.storage());
            LOG.info("backup {} of {} ({} {}) to {}", id, sc.name(), level.label(), kind,
                    String.join(", ", sc.storage()));
            try {
                List<Branch> branches = Branch.of(sc.name(), targets, sources::encryption);
                Written o = source instanceof TreeSource tree
                        ? backupTree(tree, sc, id, base, branches, progress)
                        : backupDump((DumpSource) source, sc, id, branches, progress);
                return finish(sc, running, level, requested, note, o, targets, branches);
            } catch (IOException | SQLException | RuntimeException e) {
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.error("backup {} of {} failed: {}", id, sc.name(), error);
                removeObjects(targets, sc.name(), id);
                store.markFailed(id, error, clock.instant());
                audit.record(AuditType.BACKUP_FAILED, sc.name(), "backup", id, "level", level, "error", error,
                        "ran", true);
                return new BackupResult(id, sc.name(), level, requested, running.parentId(), BackupStatus.FAILED, 0, 0,
                        0, 0, 0, 0, started, clock.instant(), sc.storage(), List.of(), List.of(), note, error, e);
            }
        }
    }

    /**
     * What a backup wrote, before it is sealed.
     *
     * @param objects each object as stored on each branch of targets (in branch order)
     */
    private record Written(List<List<StoredObject>> objects, long files, long bytes, long changedFiles, long changedBytes,
            long deleted, List<String> problems, List<String> warnings, Map<String, Object> fingerprint) {
    }

    private Written backupTree(TreeSource source, SourceConfig sc, String id, BackupRecord base, List<Branch> branches,
            Progress progress) throws IOException, SQLException {
        List<Storage> targets = branches.stream().flatMap(b -> b.targets().stream()).toList();
        ManifestReader previous = base == null ? null : openManifest(sc, base, targets);
        ManifestCache cache = new ManifestCache(dataDir, sc.name());
        boolean encrypted = branches.stream().anyMatch(Branch::encrypted);
        progress.start("backup " + sc.name(), -1);
        try (BranchedObject data = new BranchedObject(branches, sc.name(), id, RepositoryLayout.DATA);
                BranchedObject manifestSink = new BranchedObject(branches, sc.name(), id, RepositoryLayout.MANIFEST);
                ManifestCache.Pending cached = encrypted ? cache.start(id) : null) {
            TreeArchiver.Result r;
            OutputStream manifestOut = Zstd.compress(manifestSink.stream(), zstdLevel, 0);
            if (cached != null) {
                manifestOut = new TeeOutputStream(manifestOut, Zstd.compress(cached.stream(), zstdLevel, 0));
            }
            // without zstd workers, compression and the archive's SHA-256 run on a thread of their own: its memory
            // is a few 1 MiB chunks, where zstd's workers each keep jobs of several window sizes
            OutputStream compressed = Zstd.compress(data.stream(), zstdLevel, treeWorkers);
            BackgroundOutputStream aside = treeWorkers == 0 ? BackgroundOutputStream.over(compressed, "zstd") : null;
            try (OutputStream z = aside != null ? aside : compressed;
                    TarArchiveOutputStream tar = tarStream(new BufferedOutputStream(z, 1 << 20));
                    ManifestWriter manifest = new ManifestWriter(manifestOut)) {
                r = new TreeArchiver(source, id, previous, tar, manifest, progress).run();
                tar.finish();
            } finally {
                if (aside != null) {
                    aside.abort(); // a no-op after a clean close; otherwise nothing may write below while discarded
                }
                if (previous != null) {
                    previous.close();
                }
                progress.finish();
            }
            List<List<StoredObject>> objects = List.of(data.commit(), manifestSink.commit());
            if (cached != null) {
                cached.commit();
            }
            return new Written(objects, r.files(), r.bytes(), r.storedFiles(), r.storedBytes(), r.deleted(),
                    r.problems(), r.warnings(), null);
        }
    }

    static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    /**
     * The previous backup's manifest, to compare with: from the local cache when the repository copy is encrypted
     * (so nightly incrementals need no secret key on the server), else from the first target that has it, a plain
     * copy before an encrypted one.
     */
    private ManifestReader openManifest(SourceConfig sc, BackupRecord base, List<Storage> targets)
            throws IOException, SQLException {
        var cached = new ManifestCache(dataDir, sc.name()).open(base.id());
        if (cached != null) {
            return new ManifestReader(Zstd.decompress(cached), "cached manifest of " + base.id());
        }
        List<ObjectRecord> rows = store.objects(base.id());
        IOException last = null;
        boolean found = false;
        for (boolean encrypted : new boolean[] {false, true}) {
            for (Storage t : targets) {
                ObjectRecord manifest = StoredObjects.find(rows.stream().filter(o -> o.storage().equals(t.name()))
                        .toList(), ObjectRecord::key, RepositoryLayout.MANIFEST);
                if (manifest == null || StoredObjects.encrypted(manifest.key()) != encrypted) {
                    continue;
                }
                found = true;
                try {
                    return new ManifestReader(ReadChain.content(t, manifest.key(), manifest.size(), manifest.sha256(),
                            sources.identity(sc.name(), t.name())), manifest.key());
                } catch (IOException e) {
                    last = e;
                }
            }
        }
        if (!found) {
            throw new IOException("backup " + base.id() + " has no manifest in the catalog to compare with");
        }
        throw new IOException("cannot read the manifest of " + base.id() + " to compare with: "
                + (last == null ? "no target" : last.getMessage()), last);
    }

    private Written backupDump(DumpSource source, SourceConfig sc, String id, List<Branch> branches,
            Progress progress) throws IOException {
        List<List<StoredObject>> objects = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        progress.start("backup " + sc.name(), -1);
        JobLog log = new LoggingJobLog(sc.name(), warnings);
        DumpParts parts = new DumpParts(branches, sc.name(), id, zstdLevel, zstdWorkers, objects, progress);
        Map<String, Object> fingerprint;
        try {
            fingerprint = source.dump(parts, log);
            parts.checkAllClosed();
        } finally {
            parts.discardOpen();
            progress.finish();
        }
        if (objects.isEmpty()) {
            throw new IOException("source " + sc.name() + " produced no dump");
        }
        return new Written(objects, objects.size(), parts.bytes(), objects.size(), parts.bytes(), 0, List.of(), warnings,
                fingerprint);
    }

    private BackupResult finish(SourceConfig sc, BackupRecord running, Level level, Level requested, String note,
            Written o, List<Storage> targets, List<Branch> branches) throws IOException, SQLException {
        BackupStatus status = o.problems().isEmpty() ? BackupStatus.COMPLETE : BackupStatus.PARTIAL;
        String id = running.id();
        Instant finished = clock.instant();
        // each branch's copy describes itself: its own object names, sizes and SHA-256 in SHA256SUMS and backup.json
        Map<String, List<StoredObject>> byTarget = new LinkedHashMap<>();
        Map<String, Object> encryption = new LinkedHashMap<>();
        for (int i = 0; i < branches.size(); i++) {
            Branch branch = branches.get(i);
            List<StoredObject> objects = new ArrayList<>();
            for (List<StoredObject> perBranch : o.objects()) {
                objects.add(perBranch.get(i));
            }
            StringBuilder sums = new StringBuilder();
            for (StoredObject so : objects) {
                sums.append(so.sha256()).append("  ").append(so.name()).append('\n');
            }
            objects.add(writeSmall(branch.targets(), RepositoryLayout.key(sc.name(), id, RepositoryLayout.SUMS),
                    sums.toString().getBytes(StandardCharsets.UTF_8)));
            Map<String, Object> age = branch.spec() == null ? null
                    : Map.of("format", "age", "recipients", branch.spec().recipients());
            BackupMetadata meta = new BackupMetadata(BackupMetadata.FORMAT, id, sc.name(), sc.type(), running.kind(),
                    level, running.parentId(), running.fullId(), status, running.startedAt(), finished,
                    o.files(), o.bytes(), o.deleted(), objects, o.problems(), o.warnings(), o.fingerprint(), age);
            objects.add(writeSmall(branch.targets(), RepositoryLayout.key(sc.name(), id, RepositoryLayout.METADATA),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta)));
            for (Storage t : branch.targets()) {
                byTarget.put(t.name(), objects);
                if (age != null) {
                    encryption.put(t.name(), age);
                }
            }
        }
        List<ObjectRecord> rows = new ArrayList<>();
        List<CopyRecord> copies = new ArrayList<>();
        for (Storage t : targets) {
            for (StoredObject so : byTarget.get(t.name())) {
                rows.add(new ObjectRecord(id, t.name(), RepositoryLayout.key(sc.name(), id, so.name()), so.size(),
                        so.sha256(), null));
            }
            copies.add(new CopyRecord(id, t.name(), CopyStatus.COMPLETE, finished));
        }
        // what one copy takes: the first target's
        long stored = byTarget.get(targets.get(0).name()).stream().mapToLong(StoredObject::size).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("problems", o.problems());
        details.put("warnings", o.warnings());
        details.put("changedFiles", o.changedFiles());
        details.put("changedBytes", o.changedBytes());
        details.put("deletedFiles", o.deleted());
        if (note != null) {
            details.put("note", note);
        }
        if (o.fingerprint() != null) {
            details.put("fingerprint", o.fingerprint());
        }
        if (!encryption.isEmpty()) {
            details.put("encryption", encryption); // by target: the copies that are encrypted, and to whom
        }
        BackupRecord done = new BackupRecord(id, sc.name(), sc.type(), running.kind(), level, running.parentId(),
                running.fullId(), status, running.startedAt(), finished, o.files(), o.bytes(), stored, running.owner(),
                null, Json.MAPPER.writeValueAsString(details));
        store.finishBackup(done, rows, copies);
        audit.record(AuditType.BACKUP_FINISHED, sc.name(), "backup", id, "status", status, "level", level,
                "startedAt", running.startedAt(), "finishedAt", finished, "files", o.files(), "bytes", o.bytes(),
                "storedBytes", stored, "encrypted", !encryption.isEmpty(), "problems", o.problems(),
                "objects", rows.stream().map(r -> List.of(r.storage(), r.key(), r.size(), r.sha256())).toList());
        LOG.info("backup {} of {} {}: {} files, {} bytes, {} stored", id, sc.name(), status.label(), o.files(), o.bytes(),
                stored);
        return new BackupResult(id, sc.name(), level, requested, running.parentId(), status,
                o.files(), o.bytes(), o.changedFiles(), o.changedBytes(), o.deleted(), stored, running.startedAt(),
                finished, sc.storage(), o.problems(), o.warnings(), note, null, null);
    }

    static StoredObject writeSmall(List<Storage> targets, String key, byte[] content) throws IOException {
        try (MultiTargetSink sink = new MultiTargetSink(targets, key)) {
            sink.write(content);
            return sink.commit();
        }
    }

    static void removeObjects(List<Storage> targets, String source, String id) {
        String prefix = RepositoryLayout.backupPrefix(source, id);
        for (Storage t : targets) {
            try {
                // backup.json first: a half-removed backup must never still look whole
                t.delete(prefix + RepositoryLayout.METADATA);
                for (var o : t.list(prefix)) {
                    t.delete(o.key());
                }
                t.removeIncomplete(prefix);
            } catch (IOException e) {
                LOG.warn("could not remove objects of {} from {}: {}", id, t.name(), e.getMessage());
            }
        }
    }
}
