package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat audit ...} and {@code lifeboat report backups} on a small installation: a backup is in the log with
 * its actor, a checkpoint goes to storage, the chain verifies (exit 0) until someone edits the catalog (exit 1, the
 * entry named), the key is shown without its private half, and the report comes out as CSV and PDF.
 */
class AuditCommandTest {
    @TempDir
    Path dir;

    @Test
    void backupCheckpointVerifyTamperAndReport() throws Exception {
        Path config = Cli.install(dir, "notifications:\n  digest:\n    timezone: UTC\n");
        Cli.write(dir.resolve("share"), "a.txt", "alpha");
        Cli.Result backup = Cli.on(config, "backup", "share");
        assertThat(backup.code()).as(backup.toString()).isZero();

        Cli.Result cp = Cli.on(config, "audit", "checkpoint", "--json");
        assertThat(cp.code()).as(cp.toString()).isZero();
        assertThat(cp.json().get("written").get(0).asText()).isEqualTo("local");
        assertThat(Files.list(dir.resolve("repo/audit")).toList()).hasSize(1);

        Cli.Result key = Cli.on(config, "audit", "key");
        assertThat(key.code()).as(key.toString()).isZero();
        List<String> keyFile = Files.readAllLines(dir.resolve("var/audit-signing.key"), StandardCharsets.US_ASCII);
        assertThat(key.out()).contains(keyFile.get(1)).doesNotContain(keyFile.get(0));

        Cli.Result log = Cli.on(config, "audit", "log", "--source", "share", "--json");
        assertThat(log.code()).as(log.toString()).isZero();
        JsonNode finished = null;
        for (JsonNode e : log.json()) {
            if (e.get("type").asText().equals("backup-finished")) {
                finished = e;
            }
        }
        assertThat(finished).as(log.out()).isNotNull();
        assertThat(finished.get("actor").asText()).startsWith("command:backup");
        assertThat(finished.get("event").get("objects").toString()).containsPattern("[0-9a-f]{64}");

        Cli.Result ok = Cli.on(config, "audit", "verify");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("intact").contains("local: 1 checkpoints");

        String today = LocalDate.now(ZoneId.of("UTC")).toString();
        Cli.Result csv = Cli.on(config, "report", "backups", "--from", today, "--to", today, "--format", "csv");
        assertThat(csv.code()).as(csv.toString()).isZero();
        assertThat(csv.out()).contains("date,source,ran,").contains(today + ",share,yes,1,")
                .contains("# audit checkpoint: entry ");
        Path pdf = dir.resolve("out/report.pdf");
        Cli.Result pdfRun = Cli.on(config, "report", "backups", "--from", today, "--to", today, "--format", "pdf",
                "--out", pdf.toString());
        assertThat(pdfRun.code()).as(pdfRun.toString()).isZero();
        assertThat(Files.readString(pdf, StandardCharsets.ISO_8859_1)).startsWith("%PDF");

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("var/catalog"));
                Statement st = c.createStatement()) {
            st.executeUpdate("update audit_log set entry = replace(entry, '\"status\":\"complete\"',"
                    + " '\"status\":\"failed\"') where type = 'backup-finished'");
        }
        Cli.Result broken = Cli.on(config, "audit", "verify", "--json");
        assertThat(broken.code()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.json().get("intact").asBoolean()).isFalse();
        assertThat(broken.json().get("firstBreak").get("kind").asText()).isEqualTo("edited");
        assertThat(broken.json().get("firstBreak").get("seq").asLong()).isEqualTo(finished.get("seq").asLong());
        assertThat(broken.json().get("firstBreak").get("claims").asText()).contains("backup-finished of share");
    }

    @Test
    void badInput_isNamed_withExit2_beforeTheCatalogIsOpened() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result date = Cli.on(config, "report", "backups", "--from", "yesterday", "--to", "2026-01-01");
        assertThat(date.code()).as(date.toString()).isEqualTo(2);
        assertThat(date.err()).contains("--from: 'yesterday' is not a date");
        Cli.Result pdf = Cli.on(config, "report", "backups", "--from", "2026-01-01", "--to", "2026-01-02", "--format",
                "pdf");
        assertThat(pdf.code()).as(pdf.toString()).isEqualTo(2);
        assertThat(pdf.err()).contains("--format pdf needs --out FILE");
        Cli.Result format = Cli.on(config, "report", "backups", "--from", "2026-01-01", "--to", "2026-01-02",
                "--format", "xls");
        assertThat(format.code()).as(format.toString()).isEqualTo(2);
        assertThat(format.err()).contains("unknown report format 'xls' (csv, json, pdf, md)");
    }
}
