package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which backup is good: by default the newest complete one verified on at least one copy, with the source's trial
 * evidence shown; {@code requireTrial} (global, per plan, per plan source) brings back the strict rule; and
 * {@code restore SOURCE}, {@code latest-good} and {@code recover} take the same backup.
 */
class LatestGoodRuleTest {
    @TempDir
    Path dir;

    private Path config(String top, String planExtra, String planSourceExtra) throws Exception {
        Cli.share(dir.resolve("share"));
        Cli.write(dir, "restore-tests/share.yaml", """
                source: share
                checks:
                  - type: files-match-manifest
                  - type: totals-match-backup
                """);
        return Files.writeString(dir.resolve("lifeboat.yaml"), top + Cli.twoTargets("[local, offsite]") + """
                recoveryPlans:
                  p:
                %s
                    groups:
                      - priority: 1
                        sources:
                          - name: share
                            to: ./recovered
                %s
                """.formatted(planExtra, planSourceExtra));
    }

    private static String backup(Path config) throws Exception {
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    private static void ok(Path config, String... args) {
        Cli.Result r = Cli.on(config, args);
        assertThat(r.code()).as(r.toString()).isZero();
    }

    /** b1 verified and trial-restored, b2 verified only, b3 never verified. */
    private String[] threeBackups(Path config) throws Exception {
        String b1 = backup(config);
        ok(config, "verify", b1, "--mode", "full");
        ok(config, "trial-restore", "share");
        Cli.write(dir.resolve("share"), "staff/HB/zwei.txt", "zwei\n");
        String b2 = backup(config);
        ok(config, "verify", b2, "--mode", "full");
        Cli.write(dir.resolve("share"), "staff/HB/drei.txt", "drei\n");
        String b3 = backup(config);
        return new String[] {b1, b2, b3};
    }

    private static JsonNode planStep(Path config) throws Exception {
        Cli.Result dry = Cli.on(config, "recover", "--plan", "p", "--dry-run", "--json");
        assertThat(dry.code()).as(dry.toString()).isZero();
        return dry.json().get("steps").get(0);
    }

    @Test
    void byDefault_theNewestVerifiedBackupIsGood_andTheTrialEvidenceIsShown() throws Exception {
        Path config = config("", "", "");
        String[] b = threeBackups(config);

        Cli.Result lg = Cli.on(config, "latest-good", "share", "--json");
        assertThat(lg.code()).as(lg.toString()).isZero();
        JsonNode g = lg.json();
        assertThat(g.get("id").asText()).isEqualTo(b[1]);
        assertThat(g.get("grade").asText()).isEqualTo("verified");
        assertThat(g.get("requireTrial").asBoolean()).isFalse();
        assertThat(g.get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo(b[2]);
            assertThat(s.get("reason").asText()).isEqualTo("never verified");
        });
        JsonNode t = g.get("lastPassedTrial");
        assertThat(t.get("backup").asText()).isEqualTo(b[0]);
        assertThat(t.get("ageMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(t.get("id").isIntegralNumber()).isTrue();

        Cli.Result text = Cli.on(config, "latest-good", "share");
        assertThat(text.out()).contains(b[1]).contains("last passed trial restore of share: ")
                .contains(" of " + b[0] + " at ").contains(" ago");

        // recover and restore SOURCE take the very same backup
        JsonNode step = planStep(config);
        assertThat(step.get("backup").asText()).isEqualTo(b[1]);
        assertThat(step.get("lastPassedTrial").get("backup").asText()).isEqualTo(b[0]);
        assertThat(step.get("passedOver")).singleElement()
                .satisfies(s -> assertThat(s.get("id").asText()).isEqualTo(b[2]));
        Cli.Result dryText = Cli.on(config, "recover", "--plan", "p", "--dry-run");
        assertThat(dryText.out()).contains("last passed trial restore: ").contains(" of " + b[0] + ", ");

        Cli.Result r = Cli.on(config, "restore", "share", "--to", dir.resolve("out").toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("backup").asText()).isEqualTo(b[1]);
        assertThat(dir.resolve("out/staff/HB/zwei.txt")).exists();
        assertThat(dir.resolve("out/staff/HB/drei.txt")).doesNotExist();
    }

    @Test
    void requireTrialTrue_takesOnlyTrialRestoredBackups_everywhere() throws Exception {
        Path config = config("recovery:\n  requireTrial: true\n", "", "");
        String[] b = threeBackups(config);

        Cli.Result lg = Cli.on(config, "latest-good", "share", "--json");
        assertThat(lg.code()).as(lg.toString()).isZero();
        assertThat(lg.json().get("id").asText()).isEqualTo(b[0]);
        assertThat(lg.json().get("grade").asText()).isEqualTo("restorable");
        assertThat(lg.json().get("requireTrial").asBoolean()).isTrue();
        assertThat(lg.json().get("skipped").get(1).get("reason").asText()).isEqualTo("never trial-restored");

        assertThat(planStep(config).get("backup").asText()).isEqualTo(b[0]);
        Cli.Result r = Cli.on(config, "restore", "share", "--to", dir.resolve("out").toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("backup").asText()).isEqualTo(b[0]);
    }

    @Test
    void requireTrial_perPlan_andPerPlanSource_overrideTheGlobalSetting() throws Exception {
        Path config = config("", "    requireTrial: true", "");
        String[] b = threeBackups(config);
        assertThat(planStep(config).get("backup").asText()).as("the plan requires trials").isEqualTo(b[0]);
        assertThat(Cli.on(config, "latest-good", "share", "--json").json().get("id").asText())
                .as("outside the plan the global default holds").isEqualTo(b[1]);

        Files.writeString(dir.resolve("lifeboat.yaml"), Files.readString(dir.resolve("lifeboat.yaml"))
                .replace("    requireTrial: true\n", "    requireTrial: false\n")
                .replace("to: ./recovered\n", "to: ./recovered\n            requireTrial: true\n"));
        Cli.Result check = Cli.on(config, "check-config");
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(planStep(config).get("backup").asText()).as("the plan's source requires trials").isEqualTo(b[0]);
    }

    @Test
    void requireTrial_notABoolean_isAConfigError() throws Exception {
        Path config = config("recovery:\n  requireTrial: sometimes\n", "", "");
        Cli.Result check = Cli.on(config, "check-config");
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.out()).contains("recovery.requireTrial").contains("expected true or false");
    }

    @Test
    void restoreSource_withNoGoodBackup_exitsOneAndSaysWhy() throws Exception {
        Path config = config("", "", "");
        String id = backup(config);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.on(config, "restore", "share", "--to", out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("no good backup").contains(id).contains("never verified")
                .contains("lifeboat verify share --mode full");
        assertThat(out).doesNotExist();
    }

    @Test
    void oneCorruptCopy_doesNotHideTheGoodOne_andRecoverUsesTheGoodCopy() throws Exception {
        Path config = config("", "", "");
        String id = backup(config);
        ok(config, "verify", id, "--mode", "full");
        Path data = dir.resolve("repo/backups/share/" + id + "/data.tar.zst");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 1;
        Files.write(data, bytes);
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--target", "local");
        assertThat(v.code()).as(v.toString()).isEqualTo(1);

        Cli.Result lg = Cli.on(config, "latest-good", "share", "--json");
        assertThat(lg.code()).as(lg.toString()).isZero();
        assertThat(lg.json().get("id").asText()).isEqualTo(id);
        assertThat(lg.json().get("storage").asText()).isEqualTo("offsite");

        Cli.Result rec = Cli.on(config, "recover", "--plan", "p", "--yes", "--json");
        assertThat(rec.code()).as(rec.toString()).isZero();
        JsonNode step = rec.json().get("steps").get(0);
        assertThat(step.get("status").asText()).isEqualTo("checked");
        assertThat(step.get("detail").asText()).contains("from offsite");
        assertThat(Cli.tree(dir.resolve("recovered"))).isEqualTo(Cli.tree(dir.resolve("share")));

        // with the offsite copy corrupt as well, nothing good is left
        Path offsite = dir.resolve("offsite/backups/share/" + id + "/data.tar.zst");
        byte[] off = Files.readAllBytes(offsite);
        off[off.length / 2] ^= 1;
        Files.write(offsite, off);
        assertThat(Cli.on(config, "verify", id, "--mode", "full", "--target", "offsite").code()).isEqualTo(1);
        Cli.Result none = Cli.on(config, "latest-good", "share", "--json");
        assertThat(none.code()).as(none.toString()).isEqualTo(1);
        assertThat(none.json().get("skipped").get(0).get("reason").asText()).contains("on local").contains("on offsite")
                .contains("corrupt");
    }
}
