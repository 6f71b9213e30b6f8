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
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.Database;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.catalog.ObjectRecord;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository may be tampered with: restore must never write outside its target, whatever the archive and
 * manifest say. The backup's archive and manifest are replaced with crafted ones (restore reads them from storage).
 */
class MaliciousArchiveTest {
    private static final Instant MTIME = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path dir;

    private final String absName = "/lifeboat-test-abs-" + System.nanoTime() + ".txt";

    @AfterEach
    void removeAbs() throws Exception {
        Files.deleteIfExists(Path.of(absName)); // only there if the restore wrote it
    }

    @Test
    void restore_ofCraftedArchive_writesNothingOutsideTheTarget_andReportsEachRefusedEntry() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "ok.txt", "harmless\n");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = dir.resolve("target");
        try (Lifeboat lb = install.open()) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            String id = b.id();
            Path backupDir = install.backupDir(id);

            List<ManifestEntry> manifest = new ArrayList<>();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new com.github.luben.zstd.ZstdOutputStream(
                    Files.newOutputStream(backupDir.resolve(RepositoryLayout.DATA))), "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                file(tar, manifest, id, absName, "absolute\n", true);
                file(tar, manifest, id, "../escape.txt", "escaped\n", true);
                file(tar, manifest, id, "../tar-only.txt", "not in the manifest\n", false);
                symlink(tar, manifest, "link", outside.toString());
                file(tar, manifest, id, "link/evil.txt", "through a symlink\n", true);
                file(tar, manifest, id, "ok.txt", "harmless\n", true);
                symlink(tar, manifest, "up", "..");
                file(tar, manifest, id, "up/evil2.txt", "through a symlink to ..\n", true);
            }
            try (OutputStream out = new com.github.luben.zstd.ZstdOutputStream(
                    Files.newOutputStream(backupDir.resolve(RepositoryLayout.MANIFEST)))) {
                for (ManifestEntry e : manifest) {
                    out.write(Json.MAPPER.writeValueAsBytes(e));
                    out.write('\n');
                }
            }
            // the catalog learns the crafted objects, as a catalog rebuilt from the tampered repository would: the
            // read chain's size and hash checks pass, and the restore's own path checks are what is tested here
            List<ObjectRecord> crafted = new ArrayList<>();
            for (ObjectRecord o : lb.inventory().objects(id)) {
                byte[] bytes = Files.readAllBytes(backupDir.resolve(RepositoryLayout.fileName(o.key())));
                crafted.add(new ObjectRecord(id, o.storage(), o.key(), bytes.length, sha(bytes), null));
            }
            try (Database db = Database.open(lb.config().catalogUrl())) {
                new BackupStore(db).addCopy(new CopyRecord(id, crafted.get(0).storage(), CopyStatus.COMPLETE,
                        Instant.now()), crafted);
            }

            RestoreResult r = lb.restorer().restore(id, target, null, false, Progress.NONE);

            assertThat(Path.of(absName)).doesNotExist();
            assertThat(dir.resolve("escape.txt")).doesNotExist();
            assertThat(dir.resolve("tar-only.txt")).doesNotExist();
            assertThat(outside.resolve("evil.txt")).doesNotExist();
            assertThat(dir.resolve("evil2.txt")).doesNotExist();
            try (var s = Files.list(outside)) {
                assertThat(s).isEmpty();
            }
            assertThat(r.status().label()).isEqualTo("failed");
            assertThat(r.ok()).isFalse();
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("'" + absName + "'"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("'../escape.txt'"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("'../tar-only.txt'"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("'link/evil.txt'"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("'up/evil2.txt'"));
            assertThat(target.resolve("ok.txt")).hasContent("harmless");
        }
    }

    @Test
    void restore_ofArchiveChangedBehindTheCatalog_failsOnItsHash() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "ok.txt", "harmless\n");
        try (Lifeboat lb = install.open()) {
            String id = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND).id();
            Path data = install.backupDir(id).resolve(RepositoryLayout.DATA);
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(data, bytes);

            RestoreResult r = lb.restorer().restore(id, dir.resolve("target"), null, false, Progress.NONE);

            assertThat(r.status().label()).isEqualTo("failed");
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains(RepositoryLayout.DATA)
                    .contains("SHA-256 " + sha(bytes)).contains("the catalog says"));
        }
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void file(TarArchiveOutputStream tar, List<ManifestEntry> manifest, String id, String name,
            String content, boolean inManifest) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry te = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        te.setSize(bytes.length);
        te.setMode(0644);
        te.setLastModifiedTime(java.nio.file.attribute.FileTime.from(MTIME));
        tar.putArchiveEntry(te);
        tar.write(bytes);
        tar.closeArchiveEntry();
        if (inManifest) {
            String sha = sha(bytes);
            manifest.add(new ManifestEntry(name, ManifestEntry.FILE, bytes.length, MTIME, MTIME, 0644, 0, 0, null, null,
                    null, sha, null, id, null));
        }
    }

    private static void symlink(TarArchiveOutputStream tar, List<ManifestEntry> manifest, String name, String link)
            throws Exception {
        TarArchiveEntry te = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        te.setLinkName(link);
        te.setMode(0777);
        te.setLastModifiedTime(java.nio.file.attribute.FileTime.from(MTIME));
        tar.putArchiveEntry(te);
        tar.closeArchiveEntry();
        manifest.add(new ManifestEntry(name, ManifestEntry.SYMLINK, 0, MTIME, MTIME, 0777, 0, 0, null, null, null, null,
                link, null, null));
    }
}
