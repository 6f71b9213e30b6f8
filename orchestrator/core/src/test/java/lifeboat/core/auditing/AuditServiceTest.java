package lifeboat.core.auditing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.audit.Actor;
import lifeboat.core.audit.BreakKind;
import lifeboat.core.backup.Attempt;
import lifeboat.core.catalog.Database;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.testing.TestInstall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on storage witness the chain: a backup's entries are signed and written to the target, the chain
 * verifies, and tampering that the catalog alone cannot show (a rewritten tail, a truncated log with its head moved,
 * a replaced checkpoint) is caught against storage and named.
 */
class AuditServiceTest {
    @TempDir
    Path dir;
    TestInstall install;
    String url;
    Lifeboat lb;
    private final Actor actor = Actor.command("audit test");

    @BeforeEach
    void backUpAndCheckpoint() throws Exception {
        install = TestInstall.files(dir);
        Files.writeString(install.share.resolve("a.txt"), "alpha");
        lb = install.open(); // kept open: the tampering connections below go through it (H2 auto-server)
        url = lb.config().catalogUrl();
        lb.actingAs(Actor.command("backup"));
        lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
        CheckpointResult cp = lb.auditing().checkpoint(actor, null);
        assertThat(cp.written()).containsExactly("local");
        assertThat(cp.ok()).isTrue();
    }

    @AfterEach
    void close() throws Exception {
        lb.close();
    }

    private Verification verify() throws Exception {
        return lb.auditing().verify(actor, null);
    }

    /** Statements run on the catalog directly, as someone with access to it would. */
    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(Database.effectiveUrl(url))) {
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.executeUpdate();
                }
            }
        }
    }

    private Path checkpointFile() throws Exception {
        try (Stream<Path> s = Files.list(install.repo.resolve("audit"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).sorted().findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void theBackupIsInTheLog_theCheckpointOnStorage_andTheChainVerifies() throws Exception {
        List<LogEntry> entries = lb.auditing().log(null, null, 1000);
        assertThat(entries).extracting(LogEntry::type).contains("config", "backup-started", "backup-finished",
                "checkpoint");
        LogEntry finished = entries.stream().filter(e -> e.type().equals("backup-finished")).findFirst()
                .orElseThrow();
        assertThat(finished.source()).isEqualTo("share");
        assertThat(finished.actor()).startsWith("command:backup");
        assertThat(finished.event().get("objects").toString()).containsPattern("[0-9a-f]{64}");
        String checkpoint = Files.readString(checkpointFile(), StandardCharsets.UTF_8);
        assertThat(checkpoint).contains("\"signature\"", "\"publicKey\"", "backup-finished");
        Verification v = verify();
        assertThat(v.intact()).as(String.valueOf(v.firstBreak())).isTrue();
        assertThat(v.targets()).singleElement().satisfies(t -> assertThat(t.checkpoints()).isEqualTo(1));
        assertThat(lb.auditing().lastVerified()).hasValueSatisfying(e -> assertThat(e.event().get("intact"))
                .isEqualTo(true));
    }

    @Test
    void theSigningKey_isKeptWithMode0600() throws Exception {
        Path key = dir.resolve("var").resolve(SigningKey.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void aReplacedCheckpoint_isACheckpointMismatch() throws Exception {
        Path cp = checkpointFile();
        String text = Files.readString(cp, StandardCharsets.UTF_8);
        String hash = text.replaceAll("(?s).*\"hash\" : \"([0-9a-f]{64})\".*", "$1");
        Files.writeString(cp, text.replace(hash, "f".repeat(64)), StandardCharsets.UTF_8);
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBreak().kind()).isEqualTo(BreakKind.CHECKPOINT_MISMATCH);
        assertThat(v.firstBreak().detail()).contains("signature does not match");
    }

    @Test
    void aTruncatedLogWithItsHeadMovedBack_isCaughtByTheCheckpoint() throws Exception {
        sql("delete from audit_log where seq > 2",
                "update audit_head set seq = 2, hash = (select hash from audit_log where seq = 2) where id = 1");
        Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBreak().kind()).isEqualTo(BreakKind.TRUNCATED);
        assertThat(v.firstBreak().seq()).isEqualTo(3);
        assertThat(v.firstBreak().detail()).contains("witnessed it");
    }

    @Test
    void theDailyDigest_saysWhenTheChainWasLastVerified() throws Exception {
        Instant now = Instant.now();
        assertThat(lb.digest().build(now.minusSeconds(86_400), now).text()).contains("Audit chain:\n  never verified");
        verify();
        assertThat(lb.digest().build(now.minusSeconds(86_400), now.plusSeconds(60)).text())
                .containsPattern("Audit chain:\n  last verified .*: intact, \\d+ entries");
    }
}
