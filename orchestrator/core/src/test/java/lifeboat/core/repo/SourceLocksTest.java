package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lifeboat.core.backup.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run per source at a time: a second backup is refused by name, the holder may take its lock again. */
class SourceLocksTest {
    @TempDir
    Path dir;

    @Test
    void aSecondBackupOfASource_isRefused_namingTheHolder_andTheLockFileSaysWho() throws Exception {
        SourceLocks cli = new SourceLocks(dir, null);
        SourceLocks other = new SourceLocks(dir, null); // another Lifeboat of this JVM on the same data directory
        long pid = ProcessHandle.current().pid();
        try (SourceLocks.Held held = cli.tryAcquire("share", "backup")) {
            assertThat(Files.readString(dir.resolve("locks/share.lock"))).startsWith("backup (pid " + pid + ", since ");
            // from another thread, as a second process's backup would ask
            Throwable refused = CompletableFuture.supplyAsync(() -> {
                try (SourceLocks.Held h = other.tryAcquire("share", "backup")) {
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(refused).isInstanceOf(SourceLocks.Busy.class)
                    .hasMessageMatching("a backup of share is already running \\(pid " + pid
                            + ", since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\).*");
            // another source is free
            try (SourceLocks.Held docs = other.tryAcquire("docs", "backup")) {
                assertThat(docs.nested()).isFalse();
            }
            // the holder's own thread takes it again (a daemon job whose action is a backup)
            try (SourceLocks.Held again = other.tryAcquire("share", "backup")) {
                assertThat(again.nested()).isTrue();
            }
            assertThat(held.nested()).isFalse();
        }
        try (SourceLocks.Held next = other.tryAcquire("share", "backup")) {
            assertThat(next.nested()).isFalse();
        }
    }

    @Test
    void aWaitingJob_getsTheLockWhenItIsFree_orGivesUpWhenStopping() throws Exception {
        SourceLocks locks = new SourceLocks(dir, null);
        AtomicBoolean stopping = new AtomicBoolean();
        SourceLocks.Held held = locks.tryAcquire("share", "backup");
        // a lock is released by the thread that took it: the waiter reads the lock file while it holds it
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
            try (SourceLocks.Held got = locks.acquire("share", "verify", "job weekly", stopping::get)) {
                return got == null ? null : Files.readString(dir.resolve("locks/share.lock"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        held.close();
        assertThat(waiter.get(30, TimeUnit.SECONDS)).startsWith("verify (job weekly, pid ");

        SourceLocks.Held again = locks.tryAcquire("share", "backup");
        stopping.set(true);
        CompletableFuture<Boolean> late = CompletableFuture.supplyAsync(() -> {
            try (SourceLocks.Held got = locks.acquire("share", "backup", stopping::get)) {
                return got == null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(late.get(30, TimeUnit.SECONDS)).as("gave up").isTrue();
        again.close();
        assertThat(Failures.isTransient(new SourceLocks.Busy("a backup of share is already running"))).isFalse();
    }
}
