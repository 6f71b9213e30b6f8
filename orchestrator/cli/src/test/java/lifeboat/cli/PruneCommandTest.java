package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat prune}: what it reports per backup and target, --target, --dry-run, and its bad input. */
class PruneCommandTest {
    @TempDir
    Path dir;

    @Test
    void prune_reportsEachBackupPerTarget_dryRunRemovesNothing_andTheOtherTargetKeepsItsCopy() throws Exception {
        Path config = Cli.installTwoTargets(dir, "[local, offsite]");
        Files.writeString(config, Files.readString(config)
                + "    retention: {keepLast: 1, targets: {offsite: {keepLast: 2}}}\n");
        String first = Cli.on(config, "backup", "share", "--level", "full", "--json").json().get("id").asText();
        String second = Cli.on(config, "backup", "share", "--level", "full", "--json").json().get("id").asText();

        Cli.Result dry = Cli.on(config, "prune", "share", "--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("share on local:").contains("share on offsite:")
                .contains("remove  " + first).contains("keepLast 1").contains("would free: local ")
                .contains("offsite 0 B").contains("dry run: nothing was removed");
        assertThat(dir.resolve("repo/backups/share/" + first + "/backup.json")).exists();

        Cli.Result offsiteOnly = Cli.on(config, "prune", "share", "--target", "offsite", "--json");
        assertThat(offsiteOnly.code()).as(offsiteOnly.toString()).isZero();
        JsonNode decisions = offsiteOnly.json().get("sources").get(0).get("decisions");
        assertThat(decisions).hasSize(2).allSatisfy(d -> {
            assertThat(d.get("target").asText()).isEqualTo("offsite");
            assertThat(d.get("verdict").asText()).isEqualTo("keep");
        });

        Cli.Result real = Cli.on(config, "prune", "--all", "--json");
        assertThat(real.code()).as(real.toString()).isZero();
        assertThat(real.json().get("dryRun").asBoolean()).isFalse();
        assertThat(real.json().get("freedBytes").get("local").asLong()).isPositive();
        assertThat(real.json().get("sources").get(0).get("decisions")).anySatisfy(d -> {
            assertThat(d.get("backupId").asText()).isEqualTo(first);
            assertThat(d.get("verdict").asText()).isEqualTo("remove");
            assertThat(d.get("removed").asBoolean()).isTrue();
            assertThat(d.get("reason").asText()).contains("no rule keeps it (keepLast 1)");
        });
        assertThat(dir.resolve("repo/backups/share/" + first)).doesNotExist();
        assertThat(dir.resolve("offsite/backups/share/" + first + "/backup.json")).exists();
        // one copy left: listed as before, with only its offsite copy
        JsonNode list = Cli.on(config, "list", "--json").json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("copies").toString()).doesNotContain("local").contains("offsite:complete");
        assertThat(list.get(1).get("id").asText()).isEqualTo(second);
    }

    @Test
    void badInput_isRefusedWithAMessageNamingIt() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result none = Cli.on(config, "prune");
        assertThat(none.code()).isEqualTo(Main.USAGE);
        assertThat(none.err()).contains("name at least one source, or --all");
        Cli.Result target = Cli.on(config, "prune", "share", "--target", "nowhere");
        assertThat(target.code()).isEqualTo(Main.USAGE);
        assertThat(target.err()).contains("no storage target named 'nowhere'");
        Cli.Result source = Cli.on(config, "prune", "nobody");
        assertThat(source.code()).isEqualTo(Main.USAGE);
        assertThat(source.err()).contains("nobody");

        Files.writeString(config, Files.readString(config) + "retention: {keepDaily: 0}\n");
        Cli.Result nothing = Cli.on(config, "prune", "--all");
        assertThat(nothing.code()).isEqualTo(Main.USAGE);
        assertThat(nothing.err()).contains("retention").contains("keeps nothing");
    }
}
