package lifeboat.core.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.catalog.EventRecord;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.testing.TestInstall;
import lifeboat.core.verify.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed verification or trial restore raises an event, also when run by hand and not by the daemon. */
class FailureEventsTest {
    @TempDir
    Path dir;

    @Test
    void corruptArchive_raisesVerifyAndTrialRestoreEvents() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Files.writeString(install.share.resolve("noten.csv"), "anna;2\n".repeat(5000));
        Instant start = Instant.now().minusSeconds(1);
        try (Lifeboat lb = install.open()) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            Path data = install.backupDir(b.id()).resolve("data.tar.zst");
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(data, bytes);

            assertThat(lb.verifier().verify(lb.inventory().backup(b.id()).orElseThrow(), VerifyMode.FULL, 100, null,
                    Progress.NONE)).allSatisfy(v -> assertThat(v.ok()).isFalse());
            TrialResult t = lb.trials().trial("share", null, Progress.NONE);
            assertThat(t.passed()).isFalse();

            List<EventRecord> events = lb.inventory().events(start);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("verify-failed");
                assertThat(e.source()).isEqualTo("share");
                assertThat(e.message()).contains(b.id()).contains("data.tar.zst");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("trial-restore-failed");
                assertThat(e.message()).contains(b.id());
            });
        }
    }

    @Test
    void passingChecks_raiseNoEvent() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Files.writeString(install.share.resolve("noten.csv"), "anna;2\n");
        Instant start = Instant.now().minusSeconds(1);
        try (Lifeboat lb = install.open()) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            lb.verifier().verify(lb.inventory().backup(b.id()).orElseThrow(), VerifyMode.FULL, 100, null, Progress.NONE);
            assertThat(lb.trials().trial("share", null, Progress.NONE).passed()).isTrue();
            assertThat(lb.inventory().events(start)).isEmpty();
        }
    }
}
