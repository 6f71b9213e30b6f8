package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup grades and the evidence {@code latest-good} gives for a file share with restore tests, under the strict
 * rule ({@code recovery.requireTrial: true}); {@link LatestGoodRuleTest} covers the default.
 */
class GradesTest {
    @TempDir
    Path dir;

    Path config;

    @BeforeEach
    void install() throws Exception {
        config = Cli.install(dir, "recovery:\n  requireTrial: true\n");
        Cli.share(dir.resolve("share"));
        Cli.write(dir, "restore-tests/share.yaml", """
                source: share
                checks:
                  - type: files-match-manifest
                  - type: paths-present
                    paths: [staff/HB/noten-7a.csv]
                  - type: totals-match-backup
                """);
    }

    private String backup(String... extra) throws Exception {
        String[] args = new String[extra.length + 3];
        args[0] = "backup";
        args[1] = "share";
        args[2] = "--json";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Cli.Result b = Cli.on(config, args);
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    private JsonNode latestGood(int exit, String... extra) throws Exception {
        String[] args = new String[extra.length + 3];
        args[0] = "latest-good";
        args[1] = "share";
        args[2] = "--json";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Cli.Result r = Cli.on(config, args);
        assertThat(r.code()).as(r.toString()).isEqualTo(exit);
        return r.json();
    }

    @Test
    void gradesRise_completeThenVerifiedThenRestorable_withEvidence() throws Exception {
        String id = backup();
        JsonNode g = latestGood(1);
        assertThat(g.get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("grade").asText()).isEqualTo("complete");
            assertThat(s.get("reason").asText()).isEqualTo("never verified");
        });

        Cli.Result quick = Cli.on(config, "verify", id, "--mode", "quick");
        assertThat(quick.code()).isZero();
        assertThat(latestGood(1).get("skipped").get(0).get("reason").asText()).as("a quick verify re-reads nothing")
                .isEqualTo("never verified");

        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(v.code()).as(v.toString()).isZero();
        long verificationId = v.json().get(0).get("verificationId").asLong();
        g = latestGood(1);
        assertThat(g.get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("grade").asText()).isEqualTo("verified");
            assertThat(s.get("reason").asText()).isEqualTo("never trial-restored");
        });

        Cli.Result t = Cli.on(config, "trial-restore", "share", "--json");
        assertThat(t.code()).as(t.toString()).isZero();
        long trialId = t.json().get(0).get("trialId").asLong();
        g = latestGood(0);
        assertThat(g.get("id").asText()).isEqualTo(id);
        assertThat(g.get("grade").asText()).isEqualTo("restorable");
        assertThat(g.get("skipped")).isEmpty();
        JsonNode e = g.get("evidence");
        assertThat(e.get("verificationId").asLong()).isEqualTo(verificationId);
        assertThat(e.get("verificationMode").asText()).isEqualTo("full");
        assertThat(e.get("verifiedAt").asText()).isNotBlank();
        assertThat(e.get("trialRestoreId").asLong()).isEqualTo(trialId);
        assertThat(e.get("trialRestoreBackup").asText()).isEqualTo(id);
        assertThat(e.get("trialRestoredAt").asText()).isNotBlank();
        assertThat(e.get("trialDurationMs").asLong()).isEqualTo(t.json().get(0).get("durationMs").asLong());
    }

    @Test
    void trialOfANewerIncremental_makesTheEarlierBackupsOfItsChainRestorable() throws Exception {
        String full = backup("--level", "full");
        Cli.write(dir, "share/staff/HB/neu.txt", "neu\n");
        String inc = backup();
        Cli.Result v = Cli.on(config, "verify", "share", "--mode", "full");
        assertThat(v.code()).as(v.toString()).isZero();
        Cli.Result t = Cli.on(config, "trial-restore", "share", "--json");
        assertThat(t.code()).as(t.toString()).isZero();
        assertThat(t.json().get(0).get("backup").asText()).isEqualTo(inc);

        JsonNode newest = latestGood(0);
        assertThat(newest.get("id").asText()).isEqualTo(inc);
        assertThat(newest.get("grade").asText()).isEqualTo("restorable");

        // before the incremental existed, the full was the latest good, proven by the incremental's trial
        Cli.Result list = Cli.on(config, "list", "--json");
        String fullStarted = list.json().get(0).get("startedAt").asText();
        assertThat(list.json().get(0).get("id").asText()).isEqualTo(full);
        JsonNode earlier = latestGood(0, "--before", fullStarted);
        assertThat(earlier.get("id").asText()).isEqualTo(full);
        assertThat(earlier.get("grade").asText()).isEqualTo("restorable");
        assertThat(earlier.get("evidence").get("trialRestoreBackup").asText()).isEqualTo(inc);
        assertThat(earlier.get("evidence").get("trialRestoreId").asLong())
                .isEqualTo(t.json().get(0).get("trialId").asLong());
    }

    @Test
    void trialOfTheFull_doesNotVouchForALaterIncremental() throws Exception {
        String full = backup("--level", "full");
        Cli.write(dir, "share/staff/HB/neu.txt", "neu\n");
        Cli.Result t = Cli.on(config, "trial-restore", "share", "--json");
        assertThat(t.code()).as(t.toString()).isZero();
        String inc = backup();
        assertThat(Cli.on(config, "verify", "share", "--mode", "full").code()).isZero();
        JsonNode g = latestGood(0);
        assertThat(g.get("id").asText()).isEqualTo(full);
        assertThat(g.get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo(inc);
            assertThat(s.get("reason").asText()).isEqualTo("never trial-restored");
        });
    }
}
