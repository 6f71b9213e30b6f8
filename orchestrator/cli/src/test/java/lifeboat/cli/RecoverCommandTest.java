package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recover} on file shares only: a failed group stops the later ones, --continue-on-failure, after, to. */
class RecoverCommandTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        for (String s : new String[] {"a", "b", "c"}) {
            Cli.write(dir, s + "/" + s + ".txt", "share " + s + "\n");
        }
        Cli.write(dir, "c/sub/deep.txt", "deep\n");
        return Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: a
                    type: files
                    path: ./a
                    storage: [local]
                  - name: b
                    type: files
                    path: ./b
                    storage: [local]
                  - name: c
                    type: files
                    path: ./c
                    storage: [local]
                recoveryPlans:
                  p:
                    parallelism: 2
                    groups:
                      - priority: 1
                        sources: [a]
                      - priority: 2
                        sources:
                          - b
                          - name: c
                            after: [b]
                            to: ./elsewhere/c
                """);
    }

    private static JsonNode step(JsonNode doc, String source) {
        for (JsonNode s : doc.get("steps")) {
            if (s.get("source").asText().equals(source)) {
                return s;
            }
        }
        throw new AssertionError("no step for " + source + " in " + doc);
    }

    @Test
    void failedGroupStopsLaterGroups_unlessContinueOnFailure() throws Exception {
        Path config = config();
        for (String s : new String[] {"a", "b", "c"}) {
            assertThat(Cli.on(config, "backup", s).code()).isZero();
        }
        // a is never verified, so it has no good backup
        assertThat(Cli.on(config, "verify", "b", "--mode", "full").code()).isZero();
        assertThat(Cli.on(config, "verify", "c", "--mode", "full").code()).isZero();
        var cTree = Cli.tree(dir.resolve("c"));

        Cli.Result dry = Cli.on(config, "recover", "--plan", "p", "--dry-run");
        assertThat(dry.code()).as("a step has no good backup: " + dry).isEqualTo(1);
        assertThat(dry.out()).contains("no good backup").contains("never verified").contains("after b")
                .contains(dir.resolve("elsewhere/c").toString());

        Cli.Result stopped = Cli.on(config, "recover", "--plan", "p", "--yes", "--json");
        assertThat(stopped.code()).as(stopped.toString()).isEqualTo(1);
        JsonNode s = stopped.json();
        assertThat(s.get("status").asText()).isEqualTo("failed");
        assertThat(step(s, "a").get("status").asText()).isEqualTo("failed");
        assertThat(step(s, "a").get("detail").asText()).contains("no good backup");
        assertThat(step(s, "b").get("status").asText()).isEqualTo("skipped");
        assertThat(step(s, "c").get("status").asText()).isEqualTo("skipped");
        assertThat(dir.resolve("elsewhere")).doesNotExist();

        Cli.Result goOn = Cli.on(config, "recover", "--plan", "p", "--yes", "--json", "--continue-on-failure");
        assertThat(goOn.code()).as(goOn.toString()).isEqualTo(1);
        JsonNode g = goOn.json();
        assertThat(step(g, "b").get("status").asText()).isEqualTo("checked");
        assertThat(step(g, "c").get("status").asText()).isEqualTo("checked");
        assertThat(Instant.parse(step(g, "c").get("startedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(step(g, "b").get("finishedAt").asText()));
        assertThat(Cli.tree(dir.resolve("elsewhere/c"))).isEqualTo(cTree);

        Cli.Result text = Cli.on(config, "recover", "--plan", "p", "--yes", "--only", "b");
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).contains("SUCCEEDED").contains("recovered after").contains("data-loss window");

        Cli.Result unknown = Cli.on(config, "recover", "--plan", "nosuch", "--dry-run");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no recovery plan 'nosuch'; configured plans: p");
        Cli.Result dryB = Cli.on(config, "recover", "--plan", "p", "--only", "b", "--dry-run");
        assertThat(dryB.code()).as(dryB.toString()).isZero();
        String runId = text.out().replaceAll("(?s).*recovery run (\\d+).*", "$1");
        Cli.Result done = Cli.on(config, "recover", "--resume", runId, "--yes");
        assertThat(done.code()).as(done.toString()).isEqualTo(2);
        assertThat(done.err()).contains("already succeeded");
    }

    @Test
    void delete_fromThePlanOrTheCommand_removesWhatTheBackupLacks_andTheDryRunCountsIt() throws Exception {
        for (String s : new String[] {"a", "b"}) {
            Cli.write(dir, s + "/" + s + ".txt", "share " + s + "\n");
        }
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: a
                    type: files
                    path: ./a
                    storage: [local]
                  - name: b
                    type: files
                    path: ./b
                    storage: [local]
                recoveryPlans:
                  q:
                    groups:
                      - priority: 1
                        sources:
                          - name: a
                            to: ./ra
                            delete: true
                          - name: b
                            to: ./rb
                """);
        for (String s : new String[] {"a", "b"}) {
            assertThat(Cli.on(config, "backup", s).code()).isZero();
            assertThat(Cli.on(config, "verify", s, "--mode", "full").code()).isZero();
            Cli.write(dir, "r" + s + "/RANSOM-NOTE.txt", "pay\n");
            Cli.write(dir, "r" + s + "/locked/" + s + ".txt.locked", "x\n");
        }

        Cli.Result dry = Cli.on(config, "recover", "--plan", "q", "--dry-run", "--json");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(step(dry.json(), "a").get("toDelete").asLong()).isEqualTo(3);
        assertThat(step(dry.json(), "b").get("toDelete").isNull()).isTrue();
        Cli.Result dryAll = Cli.on(config, "recover", "--plan", "q", "--dry-run", "--delete");
        assertThat(dryAll.out()).contains("delete: 3 files and directories");
        assertThat(dir.resolve("ra/RANSOM-NOTE.txt")).exists();

        Cli.Result r = Cli.on(config, "recover", "--plan", "q", "--yes", "--json");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(step(r.json(), "a").get("status").asText()).isEqualTo("checked");
        assertThat(step(r.json(), "a").get("detail").asText()).contains("removed 3 files and directories");
        // without delete the ransom note stays, and the restore test sees more files than the backup had
        assertThat(step(r.json(), "b").get("detail").asText()).contains("totals-match-backup");
        assertThat(Cli.tree(dir.resolve("ra"))).isEqualTo(Cli.tree(dir.resolve("a")));
        assertThat(dir.resolve("rb/RANSOM-NOTE.txt")).exists();

        Cli.Result all = Cli.on(config, "recover", "--plan", "q", "--yes", "--delete");
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(Cli.tree(dir.resolve("rb"))).isEqualTo(Cli.tree(dir.resolve("b")));

        // a --delete run that stopped half way (b's target is a file) is resumed as one, without --delete again
        try (var old = Files.walk(dir.resolve("rb"))) {
            old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(dir.resolve("rb"), "in the way\n");
        Cli.Result half = Cli.on(config, "recover", "--plan", "q", "--yes", "--delete", "--json");
        assertThat(half.code()).as(half.toString()).isEqualTo(1);
        assertThat(step(half.json(), "b").get("status").asText()).isEqualTo("failed");
        Files.delete(dir.resolve("rb"));
        Cli.write(dir, "rb/RANSOM-NOTE.txt", "pay\n");
        Cli.Result resumed = Cli.on(config, "recover", "--resume", half.json().get("runId").asText(), "--yes");
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(Cli.tree(dir.resolve("rb"))).isEqualTo(Cli.tree(dir.resolve("b")));
    }

    @Test
    void unknownPlan_withNoPlansConfigured_saysSo() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result r = Cli.on(config, "recover", "--plan", "nosuch", "--dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no recovery plan 'nosuch': lifeboat.yaml has no recoveryPlans section");
    }
}
