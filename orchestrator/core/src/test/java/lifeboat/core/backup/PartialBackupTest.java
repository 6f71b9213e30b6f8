package lifeboat.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.testing.TestInstall;
import lifeboat.core.testing.Trees;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialBackupTest {
    @TempDir
    Path dir;

    @Test
    void unreadableFile_makesTheBackupPartial_andIsListedInProblems() throws Exception {
        TestInstall install = TestInstall.withSource(dir, """
                type: faulty-files
                path: ./share
                failOn: [noten-7a.csv]
                """);
        Trees.write(install.share, "staff/noten-7a.csv", "anna;2\n");
        Trees.write(install.share, "staff/plan.txt", "Montag\n");
        try (Lifeboat lb = install.open()) {
            BackupResult r = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(r.status().label()).isEqualTo("partial");
            assertThat(r.ok()).isFalse();
            assertThat(r.problems()).singleElement().asString()
                    .contains("staff/noten-7a.csv").contains("permission denied");
            assertThat(r.files()).isEqualTo(2);

            BackupRecord rec = lb.inventory().backup(r.id()).orElseThrow();
            assertThat(rec.status()).isEqualTo(BackupStatus.PARTIAL);
            assertThat(rec.details()).contains("staff/noten-7a.csv");
            Map<?, ?> meta = Json.MAPPER.readValue(
                    install.backupDir(r.id()).resolve(RepositoryLayout.METADATA).toFile(), Map.class);
            assertThat(meta.get("status")).isEqualTo("partial");
            assertThat(meta.get("problems").toString()).contains("staff/noten-7a.csv");
            assertThat(LevelsTest.regularFilesInArchive(install.backupDir(r.id()).resolve(RepositoryLayout.DATA)))
                    .containsExactly("staff/plan.txt");
        }
    }

    @Test
    void chmod000File_makesTheBackupPartial_whenNotRoot() throws Exception {
        Assumptions.assumeFalse(Trees.isRoot(), "root reads files whatever their mode");
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "staff/plan.txt", "Montag\n");
        Path locked = Trees.write(install.share, "staff/noten-7a.csv", "anna;2\n");
        Trees.mode(install.share, "staff/noten-7a.csv", 0);
        try (Lifeboat lb = install.open()) {
            BackupResult r = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(r.status().label()).isEqualTo("partial");
            assertThat(r.problems()).singleElement().asString().contains("staff/noten-7a.csv");
        } finally {
            Files.setAttribute(locked, "unix:mode", 0600);
        }
    }
}
