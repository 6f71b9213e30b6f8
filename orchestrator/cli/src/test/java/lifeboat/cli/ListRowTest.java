package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CopyHealth;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.trial.Grade;
import org.junit.jupiter.api.Test;

/** A listing's row, padded by hand, is what the printf format of its header's columns gives. */
class ListRowTest {
    private static final String FORMAT = "%-22s %-16s %-12s %-9s %-10s %-20s %9d %11s %11s  %s%n";

    @Test
    void rowsAreWhatPrintfWrites() {
        Instant at = Instant.parse("2026-11-20T18:00:00.123456Z");
        List<Map<String, Object>> rows = List.of(
                row(new BackupRecord("20261120T180000Z-0001", "share", "files", BackupKind.FILES, Level.FULL, null,
                        "20261120T180000Z-0001", BackupStatus.COMPLETE, at, at.plusSeconds(60), 20_000, 1_000_000_000L,
                        800_000_000L, "host:1", null, null), Grade.RESTORABLE,
                        List.of(new CopyCheck("local", true, CopyHealth.VERIFIED_GOOD, 7L, at, VerifyMode.FULL),
                                new CopyCheck("offsite", false, CopyHealth.NEVER_VERIFIED, null, null, null))),
                row(new BackupRecord("a-backup-id-longer-than-its-column", "a-source-name-longer-than-16", "dump",
                        BackupKind.DUMP, Level.INCREMENTAL, "p", "f", BackupStatus.FAILED, Instant.parse(
                                "2026-01-02T03:04:05Z"), null, 0, 0, 0, "host:2", "disk full", null), null, List.of()),
                row(new BackupRecord("b", "s", "files", BackupKind.FILES, Level.DIFFERENTIAL, null, null,
                        BackupStatus.PARTIAL, at, at, 123_456_789_012L, 1023, 1L << 40, "host:3", null, null),
                        Grade.NONE, List.of(new CopyCheck("USB", true, CopyHealth.CORRUPT, 9L, at, VerifyMode.SAMPLE))));
        for (Map<String, Object> i : rows) {
            StringBuilder out = new StringBuilder();
            ListCommand.row(out, i);
            assertThat(out.toString()).isEqualTo(String.format(FORMAT, i.get("id"), i.get("source"), i.get("level"),
                    i.get("status"), i.get("grade"), String.valueOf(i.get("startedAt")).replaceAll("\\.\\d+Z$", "Z"),
                    (Long) i.get("files"), Output.bytes((Long) i.get("bytes")), Output.bytes((Long) i.get("storedBytes")),
                    ListCommand.describe(i.get("copyStates"))));
        }
    }

    private static Map<String, Object> row(BackupRecord b, Grade grade, List<CopyCheck> checks) {
        Map<String, Object> i = ListCommand.summary(b, checks.stream()
                .map(c -> new CopyRecord(b.id(), c.storage(), CopyStatus.COMPLETE, null)).toList(), checks);
        i.put("grade", grade);
        return i;
    }
}
