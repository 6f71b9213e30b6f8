package lifeboat.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.TarEntries;
import lifeboat.core.repo.Zstd;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.testing.TestInstall;
import lifeboat.core.testing.Trees.Node;
import lifeboat.core.testing.Trees;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelsTest {
    @TempDir
    Path dir;

    TestInstall install;
    Path share;

    @BeforeEach
    void share() throws IOException {
        install = TestInstall.files(dir);
        share = install.share;
        Trees.write(share, "staff/noten.csv", "anna;2\n");
        Trees.write(share, "staff/plan.txt", "Montag\n");
        Trees.write(share, "students/7a/referat.md", "# Referat\n");
        Trees.write(share, "students/7a/alt.txt", "weg damit\n");
        Files.createDirectories(share.resolve("shared"));
        Files.write(share.resolve("shared/foto.jpg"), Trees.random(50_000, 7));
    }

    private static void change(Path file, String content, long epochSecond) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond, 987_654_321)));
    }

    @Test
    void incremental_storesOnlyChangedAndNewFiles_andRecordsDeletions() throws Exception {
        try (Lifeboat lb = install.open()) {
            BackupService service = lb.backups();
            BackupResult full = service.backup("share", Level.FULL, Progress.NONE);
            Map<String, Node> old = Trees.snapshot(share);

            change(share.resolve("staff/noten.csv"), "anna;1\nben;3\n", 1_800_000_000L);
            Trees.write(share, "students/7a/neu.txt", "neu\n");
            Files.delete(share.resolve("students/7a/alt.txt"));
            Map<String, Node> now = Trees.snapshot(share);

            BackupResult inc = service.backup("share", Level.INCREMENTAL, Progress.NONE);
            assertThat(inc.status().label()).isEqualTo("complete");
            assertThat(inc.level().label()).isEqualTo("incremental");
            assertThat(inc.parent()).isEqualTo(full.id());
            assertThat(inc.files()).isEqualTo(5);
            assertThat(inc.changedFiles()).isEqualTo(2);
            assertThat(inc.deletedFiles()).isEqualTo(1);
            assertThat(regularFilesInArchive(install.backupDir(inc.id()).resolve(RepositoryLayout.DATA)))
                    .containsExactlyInAnyOrder("staff/noten.csv", "students/7a/neu.txt");
            assertThat(heldBy(install.backupDir(inc.id()), inc.id()))
                    .containsExactlyInAnyOrder("staff/noten.csv", "students/7a/neu.txt");

            RestoreService restore = lb.restorer();
            RestoreResult ri = restore.restore(inc.id(), dir.resolve("r-inc"), null, false, Progress.NONE);
            assertThat(ri.problems()).isEmpty();
            assertThat(Trees.snapshot(dir.resolve("r-inc"))).isEqualTo(now);
            assertThat(dir.resolve("r-inc/students/7a/alt.txt")).doesNotExist();

            RestoreResult rf = restore.restore(full.id(), dir.resolve("r-full"), null, false, Progress.NONE);
            assertThat(rf.problems()).isEmpty();
            assertThat(Trees.snapshot(dir.resolve("r-full"))).isEqualTo(old);
            assertThat(dir.resolve("r-full/students/7a/alt.txt")).hasContent("weg damit");
            assertThat(dir.resolve("r-full/staff/noten.csv")).hasContent("anna;2");
        }
    }

    @Test
    void differential_afterTwoIncrementals_holdsEveryChangeSinceTheFull() throws Exception {
        try (Lifeboat lb = install.open()) {
            BackupService service = lb.backups();
            BackupResult full = service.backup("share", Level.FULL, Progress.NONE);
            change(share.resolve("staff/noten.csv"), "anna;1\n", 1_800_000_000L);
            BackupResult inc1 = service.backup("share", Level.INCREMENTAL, Progress.NONE);
            change(share.resolve("staff/plan.txt"), "Dienstag\n", 1_800_000_100L);
            Files.delete(share.resolve("students/7a/alt.txt"));
            BackupResult inc2 = service.backup("share", Level.INCREMENTAL, Progress.NONE);
            assertThat(inc1.changedFiles()).isEqualTo(1);
            assertThat(inc2.changedFiles()).isEqualTo(1);
            assertThat(inc2.parent()).isEqualTo(inc1.id());

            BackupResult diff = service.backup("share", Level.DIFFERENTIAL, Progress.NONE);
            assertThat(diff.level().label()).isEqualTo("differential");
            assertThat(diff.parent()).isEqualTo(full.id());
            assertThat(diff.changedFiles()).isEqualTo(2);
            assertThat(diff.deletedFiles()).isEqualTo(1);
            assertThat(regularFilesInArchive(install.backupDir(diff.id()).resolve(RepositoryLayout.DATA)))
                    .containsExactlyInAnyOrder("staff/noten.csv", "staff/plan.txt");

            Map<String, Node> now = Trees.snapshot(share);
            RestoreResult r = lb.restorer().restore(diff.id(), dir.resolve("r-diff"), null, false, Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(Trees.snapshot(dir.resolve("r-diff"))).isEqualTo(now);
        }
    }

    @Test
    void incremental_withNoEarlierBackup_becomesFullWithANote() throws Exception {
        try (Lifeboat lb = install.open()) {
            BackupResult r = lb.backups().backup("share", Level.INCREMENTAL, Progress.NONE, Attempt.BY_HAND);
            assertThat(r.status().label()).isEqualTo("complete");
            assertThat(r.level().label()).isEqualTo("full");
            assertThat(r.requestedLevel().label()).isEqualTo("incremental");
            assertThat(r.parent()).isNull();
            assertThat(r.note()).contains("no earlier backup").contains("full");
            assertThat(r.changedFiles()).isEqualTo(5);
        }
    }

    static List<String> regularFilesInArchive(Path data) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Zstd.decompress(Files.newInputStream(data));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (TarEntries.regularFile(e)) {
                    out.add(e.getName());
                }
            }
        }
        return out;
    }

    static List<String> heldBy(Path backupDir, String id) throws IOException {
        List<String> out = new ArrayList<>();
        try (ManifestReader m = new ManifestReader(Zstd.decompress(Files.newInputStream(
                backupDir.resolve(RepositoryLayout.MANIFEST))), "manifest")) {
            for (ManifestEntry e = m.next(); e != null; e = m.next()) {
                if (e.isFile() && id.equals(e.held())) {
                    out.add(e.path());
                }
            }
        }
        return out;
    }
}
