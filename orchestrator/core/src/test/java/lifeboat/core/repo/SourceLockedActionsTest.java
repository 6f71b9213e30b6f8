package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.testing.TestInstall;
import lifeboat.core.testing.Trees;
import lifeboat.core.verify.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reads a source's backups (restore, verify) waits while the source's lock is held, e.g. by its backup. */
class SourceLockedActionsTest {
    @TempDir
    Path dir;

    @Test
    void restoreAndVerify_waitWhileABackupOfTheSourceRuns_thenRun() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Trees.write(install.share, "a.txt", "alpha\n");
        Path out = dir.resolve("out");
        try (Lifeboat lb = install.open()) {
            String id = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND).id();
            BackupRecord b = lb.inventory().latestUsable("share").orElseThrow();

            CompletableFuture<RestoreResult> restore;
            CompletableFuture<List<VerifyResult>> verify;
            // the lock a running backup holds (another process's, or a daemon job's in this one)
            try (SourceLocks.Held backup = lb.sourceLocks().tryAcquire("share", "backup")) {
                restore = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lb.restorer().restore(id, out, null, false, Progress.NONE);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                verify = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lb.verifier().verify(b, VerifyMode.FULL, 100, null, Progress.NONE);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                        .until(() -> !restore.isDone() && !verify.isDone());
                assertThat(out).as("nothing restored while the backup runs").doesNotExist();
            }
            assertThat(restore.get(30, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(out.resolve("a.txt")).hasContent("alpha");
            assertThat(verify.get(30, TimeUnit.SECONDS)).isNotEmpty().allSatisfy(r -> assertThat(r.ok()).isTrue());
        }
    }
}
