package lifeboat.core.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.testing.TestInstall;
import lifeboat.core.testing.Trees;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restore leaves in its target: never a file with bytes that failed their SHA-256, no temporary files, and
 * with {@code delete} nothing the backup does not have (and only after the restore succeeded).
 */
class RestoreInPlaceTest {
    private static final Instant MTIME = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void fileWhoseHashMismatches_isNeverLeftInPlace_andWhatWasThereStays() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "ok.txt", "harmless\n");
        Path target = Files.createDirectories(dir.resolve("target"));
        Trees.write(target, "bad.txt", "what was there before\n");
        Path fresh = dir.resolve("fresh");
        try (Lifeboat lb = install.open()) {
            String id = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND).id();
            craft(lb, install, id, "ok.txt", "harmless\n", "harmless\n", "bad.txt", "good content\n", "EVIL content\n");

            RestoreResult over = lb.restorer().restore(id, target, null, true, Progress.NONE);
            RestoreResult into = lb.restorer().restore(id, fresh, null, false, Progress.NONE);

            for (RestoreResult r : List.of(over, into)) {
                assertThat(r.ok()).isFalse();
                assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("bad.txt").contains("not written"));
            }
            assertThat(target.resolve("bad.txt")).hasContent("what was there before");
            assertThat(fresh.resolve("bad.txt")).doesNotExist();
            assertThat(fresh.resolve("ok.txt")).hasContent("harmless");
            assertThat(names(target)).noneMatch(n -> n.contains("lifeboat-tmp"));
            assertThat(names(fresh)).noneMatch(n -> n.contains("lifeboat-tmp"));
        }
    }

    @Test
    void temporaryFilesOfAKilledRestore_areRemovedByTheNextRestore_andLookalikesAreKept() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "sub/ok.txt", "harmless\n");
        Path target = Files.createDirectories(dir.resolve("target"));
        Trees.write(target, "sub/.ok.txt.lifeboat-tmp-0a1b2c3d", "half written");
        Trees.write(target, ".lifeboat-tmp-0123456789abcdef", "half written, long name");
        Trees.write(target, ".notes.lifeboat-tmp-draft", "the user's own file");
        try (Lifeboat lb = install.open()) {
            String id = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND).id();

            RestoreResult r = lb.restorer().restore(id, target, null, true, Progress.NONE);

            assertThat(r.ok()).as(r.problems().toString()).isTrue();
            assertThat(target.resolve("sub/.ok.txt.lifeboat-tmp-0a1b2c3d")).doesNotExist();
            assertThat(target.resolve(".lifeboat-tmp-0123456789abcdef")).doesNotExist();
            assertThat(target.resolve(".notes.lifeboat-tmp-draft")).exists();
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("removed 2 temporary files"));
        }
    }

    @Test
    void delete_removesWhatTheBackupLacks_withoutFollowingSymlinks_onlyAfterASuccessfulRestore() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "a.txt", "a\n");
        Trees.write(install.share, "gone-later.txt", "deleted in the middle backup\n");
        Trees.write(install.share, "d/b.txt", "b\n");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Trees.write(outside, "precious.txt", "not the restore's\n");
        Path target = dir.resolve("target");
        try (Lifeboat lb = install.open()) {
            String full = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND).id();
            assertThat(lb.restorer().restore(full, target, null, false, Progress.NONE).ok()).isTrue();
            Files.delete(install.share.resolve("gone-later.txt"));
            lb.backups().backup("share", Level.INCREMENTAL, Progress.NONE, Attempt.BY_HAND);
            Trees.write(install.share, "new.txt", "new\n");
            String last = lb.backups().backup("share", Level.INCREMENTAL, Progress.NONE, Attempt.BY_HAND).id();
            // what ransomware leaves: a note, a directory, a symlink out of the target, a stray file
            Trees.write(target, "README-RANSOM.txt", "pay\n");
            Trees.write(target, "extra/x.txt", "x\n");
            Files.createSymbolicLink(target.resolve("d/evil"), outside);
            Trees.write(target, "d/c.txt", "c\n");

            assertThat(lb.restorer().wouldDelete(last, target)).isEqualTo(6);
            assertThat(target.resolve("README-RANSOM.txt")).exists();

            Path data = install.backupDir(last).resolve(RepositoryLayout.DATA);
            byte[] saved = Files.readAllBytes(data);
            byte[] bad = saved.clone();
            bad[bad.length / 2] ^= 1;
            Files.write(data, bad);
            RestoreResult failed = lb.restorer().restore(last, target, null, true, true, Progress.NONE);
            assertThat(failed.ok()).isFalse();
            assertThat(failed.removed()).isZero();
            assertThat(target.resolve("README-RANSOM.txt")).exists();
            assertThat(target.resolve("gone-later.txt")).exists();
            Files.write(data, saved);

            RestoreResult r = lb.restorer().restore(last, target, null, true, true, Progress.NONE);

            assertThat(r.ok()).as(r.problems().toString()).isTrue();
            assertThat(r.removed()).isEqualTo(6);
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("removed 5 files and 1 directories"));
            assertThat(Trees.snapshot(target)).isEqualTo(Trees.snapshot(install.share));
            assertThat(outside.resolve("precious.txt")).hasContent("not the restore's");
        }
    }

    /** Replaces the backup's archive and manifest with two files whose archived bytes may differ from the manifest. */
    private static void craft(Lifeboat lb, TestInstall install, String id, String name1, String manifest1,
            String archived1, String name2, String manifest2, String archived2) throws Exception {
        Path backupDir = install.backupDir(id);
        List<ManifestEntry> manifest = new ArrayList<>();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new com.github.luben.zstd.ZstdOutputStream(
                Files.newOutputStream(backupDir.resolve(RepositoryLayout.DATA))), "UTF-8")) {
            file(tar, manifest, id, name2, manifest2, archived2);
            file(tar, manifest, id, name1, manifest1, archived1);
        }
        try (OutputStream out = new com.github.luben.zstd.ZstdOutputStream(
                Files.newOutputStream(backupDir.resolve(RepositoryLayout.MANIFEST)))) {
            for (ManifestEntry e : manifest) {
                out.write(Json.MAPPER.writeValueAsBytes(e));
                out.write('\n');
            }
        }
        // the catalog learns the crafted objects, so the objects pass and the per-file check is what is tested
        List<ObjectRecord> crafted = new ArrayList<>();
        for (ObjectRecord o : lb.inventory().objects(id)) {
            byte[] bytes = Files.readAllBytes(backupDir.resolve(RepositoryLayout.fileName(o.key())));
            crafted.add(new ObjectRecord(id, o.storage(), o.key(), bytes.length, sha(bytes), null));
        }
        try (Database db = Database.open(lb.config().catalogUrl())) {
            new BackupStore(db).addCopy(new CopyRecord(id, crafted.get(0).storage(), CopyStatus.COMPLETE,
                    Instant.now()), crafted);
        }
    }

    private static void file(TarArchiveOutputStream tar, List<ManifestEntry> manifest, String id, String name,
            String recorded, String archived) throws Exception {
        byte[] bytes = archived.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry te = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        te.setSize(bytes.length);
        te.setMode(0644);
        te.setLastModifiedTime(java.nio.file.attribute.FileTime.from(MTIME));
        tar.putArchiveEntry(te);
        tar.write(bytes);
        tar.closeArchiveEntry();
        manifest.add(new ManifestEntry(name, ManifestEntry.FILE, bytes.length, MTIME, MTIME, 0644, 0, 0, null, null,
                null, sha(recorded.getBytes(StandardCharsets.UTF_8)), null, id, null));
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> names(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
