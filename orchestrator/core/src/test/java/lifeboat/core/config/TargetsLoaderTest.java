package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsLoaderTest {
    @TempDir
    Path dir;

    private Section section;

    private List<TargetConfig> load(String yaml) {
        section = new Section(dir, yaml);
        return TargetsLoader.load(section.context(), new TestPlugins(), section.node("storage"));
    }

    @Test
    void load_goodInput_givesTargetsWithPathsResolvedAgainstTheConfigDirectory() {
        List<TargetConfig> targets = load("""
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: second
                    type: local
                    path: /srv/repo
                """);
        assertThat(section.problems).isEmpty();
        assertThat(targets).extracting(TargetConfig::name).containsExactly("local", "second");
        assertThat(targets.get(0).type()).isEqualTo("local");
        assertThat(targets.get(0).settings().requirePath("path")).isEqualTo(dir.resolve("repo"));
    }

    @Test
    void unknownKey_isAnErrorWithPathAndLine() {
        List<TargetConfig> targets = load("""
                storage:
                  - name: local
                    type: local
                    path: ./repo
                    paht: ./other
                """);
        assertThat(targets).hasSize(1);
        assertThat(section.reported()).containsExactly(tuple("storage[0].paht", 5,
                "unknown key 'paht' (did you mean 'path'?)"));
    }

    @Test
    void unknownType_isReportedWithTheKnownTypes() {
        List<TargetConfig> targets = load("""
                storage:
                  - name: cloud
                    type: s4
                """);
        assertThat(targets).isEmpty();
        assertThat(section.reported()).containsExactly(tuple("storage[0].type", 3,
                "unknown storage type 's4' (known: local)"));
    }

    @Test
    void missingRequiredProperty_namesItAndTheTarget() {
        load("""
                storage:
                  - name: local
                    type: local
                """);
        // a missing key has no line of its own
        assertThat(section.reported()).containsExactly(
                tuple("storage[0]", 0, "missing 'path' (repository directory) for local 'local'"));
    }

    @Test
    void malformedOrDuplicateName_isReportedWithLine() {
        List<TargetConfig> targets = load("""
                storage:
                  - name: local
                    type: local
                    path: ./a
                  - name: local
                    type: local
                    path: ./b
                  - name: "no spaces"
                    type: local
                    path: ./c
                """);
        assertThat(targets).extracting(TargetConfig::name).containsExactly("local");
        assertThat(section.reported()).containsExactly(
                        tuple("storage[1].name", 5, "duplicate storage target name 'local'"),
                        tuple("storage[2].name", 8,
                                "name 'no spaces' must be 1-64 letters, digits, '.', '_' or '-'"));
    }
}
