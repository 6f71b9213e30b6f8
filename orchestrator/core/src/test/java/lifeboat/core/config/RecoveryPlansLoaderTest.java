package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lifeboat.core.config.LifeboatConfig.RecoveryGroup;
import lifeboat.core.config.LifeboatConfig.RecoveryPlanConfig;
import lifeboat.core.config.LifeboatConfig.RecoverySource;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryPlansLoaderTest {
    @TempDir
    Path dir;

    private Section section;

    private static SourceConfig source(String name, String type) {
        return new SourceConfig(name, type, List.of("local"), null, List.of(), new Settings(name, type, Map.of()), null);
    }

    private static final List<SourceConfig> SOURCES = List.of(source("sis-db", "postgres"), source("library-db",
            "mariadb"), source("staff-share", "files"));

    private Map<String, RecoveryPlanConfig> load(String yaml) {
        section = new Section(dir, yaml);
        return RecoveryPlansLoader.load(section.context(), section.node("recoveryPlans"), SOURCES);
    }

    @Test
    void load_goodInput_givesGroupsInPriorityOrderWithTheirDependenciesAndRestoreTargets() {
        Map<String, RecoveryPlanConfig> plans = load("""
                recoveryPlans:
                  school-crash:
                    parallelism: 2
                    groups:
                      - priority: 2
                        sources:
                          - name: staff-share
                            to: ./restored
                        after: [sis-db]
                      - priority: 1
                        sources:
                          - sis-db
                          - name: library-db
                            after: [sis-db]
                            toDb: library_copy
                            toPort: "3307"
                """);
        assertThat(section.problems).isEmpty();
        RecoveryPlanConfig plan = plans.get("school-crash");
        assertThat(plan.parallelism()).isEqualTo(2);
        assertThat(plan.ordered()).extracting(RecoveryGroup::priority).containsExactly(1, 2);
        assertThat(plan.ordered().get(0).sources()).containsExactly(RecoverySource.of("sis-db"),
                new RecoverySource("library-db", List.of("sis-db"), null, "library_copy", null, "3307", null));
        assertThat(plan.ordered().get(1).sources()).containsExactly(
                new RecoverySource("staff-share", List.of("sis-db"), dir.resolve("restored"), null, null, null, null));
    }

    @Test
    void malformedValues_areReportedWithPathAndLine() {
        load("""
                recoveryPlans:
                  crash:
                    parallelism: 0
                    groups:
                      - priority: 1
                        sources:
                          - name: sis-db
                            to: ./somewhere
                            toPort: fast
                          - name: staff-share
                            toDb: share
                """);
        assertThat(section.reported()).containsExactly(
                        tuple("recoveryPlans.crash.parallelism", 3, "must be at least 1"),
                        tuple("recoveryPlans.crash.groups[0].sources[0].to", 8, "'to' is for file shares; restore"
                                + " database 'sis-db' elsewhere with toDb, toHost, toPort, toUser"),
                        tuple("recoveryPlans.crash.groups[0].sources[0].toPort", 9, "expected a port number, got 'fast'"),
                        tuple("recoveryPlans.crash.groups[0].sources[1].toDb", 11,
                                "'toDb' is for databases; restore share 'staff-share' elsewhere with 'to'"));
    }

    @Test
    void unknownKeysAndUnknownSources_areErrors() {
        load("""
                recoveryPlans:
                  crash:
                    groups:
                      - priority: 1
                        order: 3
                        sources: [sis-db, payroll]
                """);
        assertThat(section.reported()).containsExactly(
                        tuple("recoveryPlans.crash.groups[0].order", 5,
                                "unknown key 'order' (allowed: after, priority, sources)"),
                        tuple("recoveryPlans.crash.groups[0].sources[1]", 6,
                                "source 'payroll' is not defined under 'sources'"));
    }

    @Test
    void dependencies_inALaterGroupOrInACycle_areReported() {
        load("""
                recoveryPlans:
                  crash:
                    groups:
                      - priority: 1
                        sources:
                          - name: sis-db
                            after: [staff-share]
                      - priority: 2
                        sources:
                          - name: staff-share
                            after: [library-db]
                          - name: library-db
                            after: [staff-share]
                """);
        assertThat(section.problems).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
                tuple("recoveryPlans.crash.groups[0].sources[0].after",
                        "'sis-db' (priority 1) is after 'staff-share', which has the later priority 2"),
                tuple("recoveryPlans.crash.groups[1].sources[0].after",
                        "dependency cycle: staff-share -> library-db -> staff-share"));
    }

    @Test
    void plan_withoutGroups_isReported() {
        load("""
                recoveryPlans:
                  crash:
                    parallelism: 1
                """);
        assertThat(section.reported()).containsExactly(tuple("recoveryPlans.crash", 3,
                "a recovery plan needs at least one group"));
    }

    @Test
    void delete_isReadForShares_andRefusedForDatabases() {
        Map<String, RecoveryPlanConfig> plans = load("""
                recoveryPlans:
                  p:
                    groups:
                      - priority: 1
                        sources:
                          - name: staff-share
                            delete: true
                          - name: sis-db
                            delete: true
                """);
        assertThat(plans.get("p").groups().get(0).sources().get(0).delete()).isTrue();
        assertThat(section.problems).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
                tuple("recoveryPlans.p.groups[0].sources[1].delete", "'delete' is for file shares; database 'sis-db'"
                        + " is replaced whole by its restore"));
    }
}
