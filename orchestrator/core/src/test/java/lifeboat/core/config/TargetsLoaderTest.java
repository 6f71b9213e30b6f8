package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.nio.file.Path;
import java.security.KeyPair;
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
    void encryption_onATarget_givesItsSpecAndOthersStayPlain() throws Exception {
        KeyPair keys = new X25519KeyPairGenerator().generateKeyPair();
        section = new Section(dir, """
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: local
                    path: ./offsite
                    encryption:
                      recipients: [%s]
                      identity: ${env:AGE_KEY}
                """.formatted(keys.getPublic()));
        section.env.put("AGE_KEY", keys.getPrivate().toString());
        List<TargetConfig> targets = TargetsLoader.load(section.context(), new TestPlugins(), section.node("storage"));
        assertThat(section.problems).isEmpty();
        assertThat(targets.get(0).encryption()).isNull();
        assertThat(targets.get(1).encryption().recipients()).containsExactly(keys.getPublic().toString());
        assertThat(targets.get(1).encryption().identity()).isEqualTo(keys.getPrivate().toString());
        assertThat(targets.get(1).settings().requirePath("path")).isEqualTo(dir.resolve("offsite"));
    }

    @Test
    void encryption_onATarget_errorsNameTheirYamlPath() throws Exception {
        KeyPair keys = new X25519KeyPairGenerator().generateKeyPair();
        List<TargetConfig> targets = load("""
                storage:
                  - name: offsite
                    type: local
                    path: ./offsite
                    encryption:
                      recipient: [%s]
                  - name: nas
                    type: local
                    path: ./nas
                    encryption:
                      recipients: [%s]
                      identity: %s
                """.formatted(keys.getPublic(), keys.getPublic(), keys.getPrivate()));
        assertThat(targets).hasSize(2);
        assertThat(section.reported()).containsExactly(
                tuple("storage[0].encryption.recipient", 6, "unknown key 'recipient' (did you mean 'recipients'?)"),
                tuple("storage[0].encryption.recipients", 6, "list at least one age recipient (age1...)"),
                tuple("storage[1].encryption.identity", 12,
                        "give the secret key as ${file:PATH} or ${env:NAME}, not in the configuration file"));
        assertThat(section.reported().toString()).doesNotContain("AGE-SECRET-KEY");
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
