package lifeboat.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.testing.TestInstall;
import lifeboat.core.testing.Trees.Node;
import lifeboat.core.testing.Trees;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One backup and restore of a tree with every kind of entry; each test checks one property of the result. */
class RoundTripTest {
    @TempDir
    static Path dir;

    static TestInstall install;
    static Map<String, Node> before;
    static Map<String, Node> after;
    static Path out;

    @BeforeAll
    static void backUpAndRestore() throws Exception {
        install = TestInstall.files(dir);
        Trees.buildRich(install.share);
        before = Trees.snapshot(install.share);
        out = dir.resolve("restored");
        try (Lifeboat lb = install.open()) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).isEqualTo("complete");
            assertThat(b.problems()).isEmpty();
            RestoreResult r = lb.restorer().restore(b.id(), out, null, false, Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(r.status().label()).isEqualTo("restored");
        }
        after = Trees.snapshot(out);
    }

    @Test
    void restore_reproducesEveryPath() {
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        assertThat(after).containsKeys("leer", "students/7b/leer", "students/7a/empty.txt",
                "shared/Handouts/数学/作业.txt", "shared/📚 Bücher/notiz.md", "staff/HB/" + Trees.LONG_NAME,
                Trees.DEEP_DIR + "/datei.txt");
        assertThat((Trees.DEEP_DIR + "/datei.txt").getBytes(StandardCharsets.UTF_8).length).isGreaterThan(255);
        assertThat(Trees.LONG_NAME.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(200);
    }

    @Test
    void restore_contentEqual() {
        before.forEach((path, n) -> assertThat(after.get(path).sha256()).as(path).isEqualTo(n.sha256()));
        before.forEach((path, n) -> assertThat(after.get(path).size()).as(path).isEqualTo(n.size()));
        assertThat(after.get("students/7a/empty.txt").size()).isZero();
    }

    @Test
    void restore_modesEqual_includingSetgidAndSticky() {
        before.forEach((path, n) -> assertThat(after.get(path).mode()).as(path).isEqualTo(n.mode()));
        assertThat(after.get("gruppe").mode()).isEqualTo(02775);
        assertThat(after.get("tmp-upload").mode()).isEqualTo(01777);
        assertThat(after.get("staff/HB/secret.key").mode()).isEqualTo(0600);
        assertThat(after.get("scripts/backup.sh").mode()).isEqualTo(0755);
    }

    @Test
    void restore_mtimesEqualToTheNanosecond_forFilesDirectoriesAndSymlinks() {
        before.forEach((path, n) -> assertThat(after.get(path).mtime()).as(path).isEqualTo(n.mtime()));
        assertThat(after.get("shared/Handouts/Brüche.txt").mtime().getNano() % 1000).isNotZero();
        assertThat(after.get("shared/Handouts").type()).isEqualTo("dir");
    }

    @Test
    void restore_symlinkTargetsEqual_relativeAbsoluteAndDangling() {
        assertThat(after.get("shared/aktuell").link()).isEqualTo("Handouts/Brüche.txt");
        assertThat(after.get("shared/hosts").link()).isEqualTo("/etc/hosts");
        assertThat(after.get("shared/kaputt").link()).isEqualTo("../gibt-es-nicht.txt");
        assertThat(after.get("shared/kaputt").type()).isEqualTo("symlink");
        assertThat(Files.exists(out.resolve("shared/kaputt"))).isFalse(); // still dangling
    }

    @Test
    void restore_hardLinkPairSharesOneInode() throws Exception {
        Path a = out.resolve("students/7a/anna.müller/Referat.md");
        Path b = out.resolve("students/7a/anna.müller/Referat-kopie.md");
        assertThat(Trees.inode(a)).isEqualTo(Trees.inode(b));
        assertThat(Files.getAttribute(a, "unix:nlink")).isEqualTo(2);
    }

    @Test
    void restore_ownersEqual_whenRunningAsRoot() {
        Assumptions.assumeTrue(Trees.isRoot(), "owners are only restored by root");
        before.forEach((path, n) -> {
            assertThat(after.get(path).uid()).as(path + " uid").isEqualTo(n.uid());
            assertThat(after.get(path).gid()).as(path + " gid").isEqualTo(n.gid());
        });
        assertThat(after.get("staff/HB/Unterricht/noten-7a.csv").uid()).isEqualTo(Trees.OTHER_UID);
        assertThat(after.get("gruppe").gid()).isEqualTo(Trees.OTHER_UID);
        assertThat(after.get("shared/aktuell").uid()).isEqualTo(Trees.OTHER_UID);
    }
}
