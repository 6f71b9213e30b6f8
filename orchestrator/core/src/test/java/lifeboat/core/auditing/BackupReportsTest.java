package lifeboat.core.auditing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import lifeboat.core.Lifeboat;
import lifeboat.core.audit.Actor;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CheckStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.notify.Alerts;
import lifeboat.core.testing.TestInstall;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditors' report against a fixed clock and a known history of four days: the 1st backed up, verified and
 * trial-restored; the 2nd's backup failed; the 3rd had none; the 4th's verification failed and was fixed later.
 */
class BackupReportsTest {
    @TempDir
    static Path dir;
    static Lifeboat lb;
    static BackupReport report;
    static final Clock NOW = Clock.fixed(Instant.parse("2026-03-05T12:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void history() throws Exception {
        TestInstall install = TestInstall.withSource(dir, "type: files\npath: ./share\nrpo: 26h\n");
        Files.writeString(install.config, "notifications:\n  digest:\n    timezone: UTC\n", StandardOpenOption.APPEND);
        lb = install.open();
        lb.auditing().checkpoint(Actor.command("audit checkpoint"), null);
        try (Database db = Database.open(lb.config().catalogUrl())) {
            BackupStore backups = new BackupStore(db);
            VerificationStore verifications = new VerificationStore(db, backups);
            TrialStore trials = new TrialStore(db);
            backup(backups, "b1", "2026-03-01T01:00:00Z", BackupStatus.COMPLETE, null);
            verifications.record(verification("b1", "2026-03-01T02:00:00Z", VerifyStatus.OK), List.of(), List.of());
            long t = trials.start("b1", "share", "/tmp/x", "test:1", Instant.parse("2026-03-01T03:00:00Z"));
            trials.finish(t, TrialStatus.PASSED, Instant.parse("2026-03-01T03:10:00Z"), 600_000, 10, 0, null,
                    List.of(new TrialRecord.CheckRecord("files", CheckStatus.PASSED, "ok"),
                            new TrialRecord.CheckRecord("count", CheckStatus.PASSED, "ok")));
            backup(backups, "b2", "2026-03-02T01:00:00Z", BackupStatus.FAILED, "disk full on local");
            backup(backups, "b4", "2026-03-04T01:00:00Z", BackupStatus.COMPLETE, null);
            verifications.record(verification("b4", "2026-03-04T02:00:00Z", VerifyStatus.FAILED), List.of(),
                    List.of());
            verifications.record(verification("b4", "2026-03-04T05:00:00Z", VerifyStatus.OK), List.of(), List.of());
        }
        report = lb.reports(NOW).build(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-04"), List.of());
    }

    @AfterAll
    static void close() throws Exception {
        lb.close();
    }

    private static void backup(BackupStore store, String id, String at, BackupStatus status, String error)
            throws Exception {
        Instant started = Instant.parse(at);
        BackupRecord b = new BackupRecord(id, "share", "files", BackupKind.FILES, Level.FULL, null, id,
                BackupStatus.RUNNING, started, null, 0, 0, 0, "test:1", null, null);
        store.insertBackup(b);
        if (status == BackupStatus.FAILED) {
            store.markFailed(id, error, started.plusSeconds(60));
            return;
        }
        store.finishBackup(new BackupRecord(id, "share", "files", BackupKind.FILES, Level.FULL, null, id, status,
                started, started.plusSeconds(300), 3, 3000, 1234, "test:1", null, "{}"), List.of(),
                List.of(new CopyRecord(id, "local", CopyStatus.COMPLETE, started.plusSeconds(300))));
    }

    private static VerificationRecord verification(String backup, String at, VerifyStatus status) {
        Instant i = Instant.parse(at);
        return new VerificationRecord(0, backup, "local", VerifyMode.FULL, status, i, i.plusSeconds(30), 2, 3, 1234,
                status == VerifyStatus.OK ? 0 : 1);
    }

    private static BackupReport.Day day(String date) {
        return report.days().stream().filter(d -> d.date().toString().equals(date)).findFirst().orElseThrow();
    }

    @Test
    void aGoodDay_showsTheBackupItsVerificationAndTrial() {
        BackupReport.Day d = day("2026-03-01");
        assertThat(d.ran()).isTrue();
        assertThat(d.outcome()).isEqualTo("complete");
        assertThat(d.level()).isEqualTo("full");
        assertThat(d.storedBytes()).isEqualTo(1234);
        assertThat(d.verified()).isEqualTo("ok");
        assertThat(d.verifyMode()).isEqualTo("full");
        assertThat(d.trial()).isEqualTo("passed");
        assertThat(d.trialChecks()).isEqualTo("2/2");
        assertThat(d.copiedOffsite()).isFalse(); // only on a local target
        assertThat(d.rpoMet()).isTrue();
    }

    @Test
    void aDayWithAFailedBackup_andADayWithNone_areExceptions_withWhatWasDone() {
        assertThat(day("2026-03-02").outcome()).isEqualTo("failed");
        assertThat(day("2026-03-02").rpoMet()).isFalse();
        assertThat(day("2026-03-03").ran()).isFalse();
        assertThat(day("2026-03-03").outcome()).isEqualTo("none");
        assertThat(report.exceptions()).anySatisfy(e -> {
            assertThat(e.date()).isEqualTo(LocalDate.parse("2026-03-02"));
            assertThat(e.kind()).isEqualTo("backup failed");
            assertThat(e.what()).contains("disk full on local");
            assertThat(e.resolution()).contains("next good backup b4");
        });
        assertThat(report.exceptions()).anySatisfy(e -> {
            assertThat(e.date()).isEqualTo(LocalDate.parse("2026-03-03"));
            assertThat(e.kind()).isEqualTo("no backup");
            assertThat(e.resolution()).contains("b4");
        });
    }

    @Test
    void aFailedVerificationLaterFixed_isAnException_resolvedByTheLaterOne() {
        assertThat(day("2026-03-04").verified()).isEqualTo("ok");
        assertThat(report.exceptions()).anySatisfy(e -> {
            assertThat(e.date()).isEqualTo(LocalDate.parse("2026-03-04"));
            assertThat(e.kind()).isEqualTo("verification failed");
            assertThat(e.resolution()).startsWith("verified ok again at 2026-03-04T05:00:30Z");
        });
    }

    @Test
    void coverage_countsTheVerifiedAndTrialRestoredBackups() {
        assertThat(report.coverage()).isEqualTo(new BackupReport.Coverage(3, 2, 2, 1, 4, 3));
        assertThat(report.coverage().verifiedPercent()).isEqualTo(100.0);
        assertThat(report.generatedAt()).isEqualTo(NOW.instant());
    }

    @Test
    void csv_hasOneRowPerSourceAndDay_andTheCheckpointInAComment() throws Exception {
        String csv = new String(BackupReports.render(report, ReportFormat.CSV), StandardCharsets.UTF_8);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true)
                .get().parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).get("outcome")).isEqualTo("failed");
        assertThat(rows.get(2).get("ran")).isEqualTo("no");
        assertThat(rows.get(0).get("trial_checks")).isEqualTo("2/2");
        assertThat(csv).contains("# audit checkpoint: entry ").contains("signature ");
        assertThat(report.checkpoint().signature()).isNotBlank();
    }

    @Test
    void pdf_readsBackWithTheExceptionsAndTheCheckpoint() throws Exception {
        byte[] pdf = BackupReports.render(report, ReportFormat.PDF);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Backup report 2026-03-01 to 2026-03-04", "Exceptions", "disk full on local",
                    "verified ok again", report.checkpoint().keyFingerprint());
        }
    }

    @Test
    void onTheFirstOfAMonth_theDailyRoundSendsLastMonthsReportOnce() throws Exception {
        Clock april = Clock.fixed(Instant.parse("2026-04-01T07:00:00Z"), ZoneOffset.UTC);
        try (Alerts alerts = lb.alerts(april)) {
            AuditRound round = new AuditRound(lb.auditing(), lb.reports(april), alerts, lb.auditLog(),
                    ZoneOffset.UTC, april);
            round.daily(Actor.daemon("node-1"));
            round.daily(Actor.daemon("node-2")); // a second node, or a second run: no second report
        }
        List<LogEntry> reports = lb.auditing().log(null, null, 10_000).stream()
                .filter(e -> e.type().equals("report")).toList();
        assertThat(reports).singleElement().satisfies(e -> {
            assertThat(e.event().get("month")).isEqualTo("2026-03");
            assertThat(e.actor()).startsWith("daemon:node-1");
        });
        assertThat(lb.auditing().lastVerified()).hasValueSatisfying(e -> assertThat(e.event().get("intact"))
                .isEqualTo(true));
    }

    @Test
    void anUnknownSourceOrTarget_isNamed() {
        assertThatThrownBy(() -> lb.reports(NOW).build(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"),
                List.of("nosuch"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no source named 'nosuch' (configured: share)");
        assertThatThrownBy(() -> lb.reports(NOW).build(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-01"),
                List.of())).hasMessageContaining("--to 2026-03-01 is before --from 2026-03-02");
        assertThatThrownBy(() -> lb.auditing().verify(Actor.command("audit verify"), "nosuch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no storage target named 'nosuch' (configured: local)");
    }
}
