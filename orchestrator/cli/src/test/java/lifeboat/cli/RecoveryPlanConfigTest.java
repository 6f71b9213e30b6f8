package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recoveryPlans} in {@code lifeboat.yaml}: after, restore targets, and what check-config rejects. */
class RecoveryPlanConfigTest {
    @TempDir
    Path dir;

    private Path config(String plans) throws Exception {
        for (String s : new String[] {"a", "b", "c"}) {
            Files.createDirectories(dir.resolve(s));
        }
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
                """ + plans);
    }

    @Test
    void afterAndTargets_areLoaded() throws Exception {
        Path config = config("""
                  crash:
                    parallelism: 3
                    groups:
                      - priority: 2
                        after: [a]
                        sources:
                          - b
                          - name: c
                            after: [b]
                            to: ./replacement/c
                      - priority: 1
                        sources: [a]
                """);
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isZero();
        LifeboatConfig lc = new ConfigLoader(PluginRegistry.load()).load(config);
        var plan = lc.recoveryPlans().get("crash");
        assertThat(plan.parallelism()).isEqualTo(3);
        assertThat(plan.ordered()).extracting(g -> g.priority()).containsExactly(1, 2);
        var group2 = plan.ordered().get(1);
        assertThat(group2.names()).containsExactly("b", "c");
        assertThat(group2.sources().get(0).after()).containsExactly("a");
        assertThat(group2.sources().get(1).after()).containsExactly("b", "a");
        assertThat(group2.sources().get(1).to()).isEqualTo(dir.resolve("replacement/c").toAbsolutePath().normalize());
    }

    @Test
    void cycle_unknownSource_twoGroups_laterPriority_areRejectedWithPathAndLine() throws Exception {
        Path config = config("""
                  cyclic:
                    groups:
                      - priority: 1
                        sources:
                          - name: a
                            after: [b]
                          - name: b
                            after: [a]
                  unknown:
                    groups:
                      - priority: 1
                        sources: [a, nosuch]
                  twice:
                    groups:
                      - priority: 1
                        sources: [a]
                      - priority: 2
                        sources: [a, b]
                  backwards:
                    groups:
                      - priority: 1
                        sources:
                          - name: a
                            after: [c]
                      - priority: 2
                        sources: [c]
                  wrongkey:
                    groups:
                      - priority: 1
                        sources:
                          - name: a
                            toDb: other
                """);
        Cli.Result r = Cli.on(config, "check-config");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("lifeboat.yaml:24: recoveryPlans.cyclic.groups[0].sources[0].after: dependency"
                + " cycle: a -> b -> a");
        assertThat(r.out()).contains("lifeboat.yaml:31: recoveryPlans.unknown.groups[0].sources[1]: source 'nosuch' is"
                + " not defined under 'sources'");
        assertThat(r.out()).contains("lifeboat.yaml:37: recoveryPlans.twice.groups[1].sources[0]: source 'a' is in two"
                + " groups of plan 'twice'");
        assertThat(r.out()).contains("recoveryPlans.backwards.groups[0].sources[0].after: 'a' (priority 1) is after"
                + " 'c', which has the later priority 2");
        assertThat(r.out()).contains("recoveryPlans.wrongkey.groups[0].sources[0].toDb: 'toDb' is for databases");
    }
}
