package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesLoaderTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private Section section;

    /** The start of a sources section that a test goes on writing the first source of. */
    private static final String SHARE = """
            sources:
              - name: share
                type: files
                path: ./share
            """;

    private final Map<String, TargetConfig> targets = new HashMap<>(Map.of(
            "local", target("local", null), "nas", target("nas", null)));

    private static TargetConfig target(String name, EncryptionSpec encryption) {
        return new TargetConfig(name, "local", new Settings(name, "local", Map.of()), encryption);
    }

    private List<SourceConfig> load(String yaml) {
        section = new Section(dir, yaml);
        section.env.putAll(env);
        return SourcesLoader.load(section.context(), new TestPlugins(), section.node("sources"), targets);
    }

    private static KeyPair ageKeys() throws Exception {
        return new X25519KeyPairGenerator().generateKeyPair();
    }

    @Test
    void load_goodInput_givesTheSourceWithStorageRpoTagsAndSettings() {
        List<SourceConfig> sources = load("""
                sources:
                  - name: sis-db
                    type: postgres
                    host: db.school.lan
                    port: 5432
                    storage: [local, nas]
                    rpo: 24h
                    tags: [nightly]
                """);
        assertThat(section.problems).isEmpty();
        assertThat(sources).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("sis-db");
            assertThat(s.type()).isEqualTo("postgres");
            assertThat(s.storage()).containsExactly("local", "nas");
            assertThat(s.rpo()).isEqualTo(Duration.ofHours(24));
            assertThat(s.tags()).containsExactly("nightly");
            assertThat(s.settings().requireString("host")).isEqualTo("db.school.lan");
            assertThat(s.settings().integer("port", 0)).isEqualTo(5432);
            assertThat(s.encryption()).isNull();
        });
    }

    @Test
    void malformedRpo_isReportedWithPathAndLine() {
        load(SHARE + """
                    storage: [local]
                    rpo: daily
                """);
        assertThat(section.reported()).containsExactly(tuple("sources[0].rpo", 6,
                "'daily' is not a duration (examples: 90s, 30m, 24h, 7d)"));
    }

    @Test
    void malformedPluginProperty_isReportedWithPathAndLine() {
        load("""
                sources:
                  - name: sis-db
                    type: postgres
                    host: db
                    port: five
                    storage: [local]
                """);
        assertThat(section.reported()).containsExactly(tuple("sources[0].port", 5,
                "expected a whole number, got 'five'"));
    }

    @Test
    void unknownKeyAndUndefinedTarget_areBothErrors() {
        List<SourceConfig> sources = load(SHARE + """
                    storage: [offsite]
                    schedule: nightly
                """);
        assertThat(sources).hasSize(1);
        assertThat(section.reported()).containsExactly(
                tuple("sources[0].storage", 5, "storage target 'offsite' is not defined under 'storage'"),
                tuple("sources[0].schedule", 6, "unknown key 'schedule' (allowed: encryption, exclude, name, path,"
                        + " retention, rpo, storage, tags, timeZone, type)"));
    }

    @Test
    void encryption_withIdentityFromTheEnvironment_givesTheSpec() throws Exception {
        KeyPair keys = ageKeys();
        env.put("AGE_KEY", "# created by age-keygen\n" + keys.getPrivate());
        List<SourceConfig> sources = load(SHARE + """
                    storage: [local]
                    encryption:
                      recipients: [%s]
                      identity: ${env:AGE_KEY}
                """.formatted(keys.getPublic()));
        assertThat(section.problems).isEmpty();
        EncryptionSpec spec = sources.get(0).encryption();
        assertThat(spec.recipients()).containsExactly(keys.getPublic().toString());
        assertThat(spec.identity()).isEqualTo(keys.getPrivate().toString());
        assertThat(spec.toString()).doesNotContain("AGE-SECRET-KEY");
    }

    @Test
    void encryption_onTheSourceAndOnItsTargetToOtherRecipients_isRefusedNamingBoth() throws Exception {
        KeyPair onSource = ageKeys();
        KeyPair onTarget = ageKeys();
        targets.put("nas", target("nas", new EncryptionSpec(List.of(onTarget.getPublic().toString()), null)));
        List<SourceConfig> sources = load(SHARE + """
                    storage: [local, nas]
                    encryption:
                      recipients: [%s]
                """.formatted(onSource.getPublic()));
        assertThat(sources).hasSize(1);
        assertThat(section.reported()).containsExactly(tuple("sources[0].encryption", 7,
                "source 'share' and its storage target 'nas' both set encryption, to different recipients: set it on"
                        + " the source to encrypt every copy, or on the target to encrypt only the copies there, not both"));
    }

    @Test
    void encryption_onTheSourceAndOnItsTargetToTheSameRecipients_isAccepted() throws Exception {
        KeyPair keys = ageKeys();
        targets.put("nas", target("nas", new EncryptionSpec(List.of(keys.getPublic().toString()), null)));
        load(SHARE + """
                    storage: [local, nas]
                    encryption:
                      recipients: [%s]
                """.formatted(keys.getPublic()));
        assertThat(section.problems).isEmpty();
    }

    @Test
    void encryption_identityWrittenInTheFile_isRefusedWithoutEchoingIt() throws Exception {
        KeyPair keys = ageKeys();
        load(SHARE + """
                    storage: [local]
                    encryption:
                      recipients: [%s]
                      identity: %s
                """.formatted(keys.getPublic(), keys.getPrivate()));
        assertThat(section.reported()).containsExactly(tuple("sources[0].encryption.identity", 8,
                "give the secret key as ${file:PATH} or ${env:NAME}, not in the configuration file"));
    }

    @Test
    void encryption_malformedRecipientOrUnknownKey_isReported() {
        List<SourceConfig> sources = load(SHARE + """
                    storage: [local]
                    encryption:
                      recipients: [age1notakey]
                  - name: other
                    type: files
                    path: ./share
                    storage: [local]
                    encryption:
                      recipient: [age1notakey]
                """);
        assertThat(sources).extracting(SourceConfig::encryption).containsOnlyNulls();
        assertThat(section.reported()).containsExactly(
                        tuple("sources[0].encryption", 7,
                                "recipient 1 is not an age X25519 public key (age1...)"),
                        tuple("sources[1].encryption.recipient", 13,
                                "unknown key 'recipient' (did you mean 'recipients'?)"),
                        tuple("sources[1].encryption.recipients", 13,
                                "list at least one age recipient (age1...)"));
    }

    @Test
    void encryptionSpec_withoutRecipients_isRefused() {
        assertThatThrownBy(() -> new EncryptionSpec(List.of(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one age recipient is needed");
    }

    @Test
    void load_referenceOfTheWrongType_namesTheReferenceNotItsValue() throws Exception {
        env.put("PG_PASSWORD", "PgEnv-S3cret-5521");
        Files.writeString(dir.resolve("secret.txt"), "File-S3cret-77\n");
        load("""
                sources:
                  - name: sis-db
                    type: postgres
                    host: db.school.lan
                    port: ${env:PG_PASSWORD}
                    storage: [local]
                  - name: lib-db
                    type: postgres
                    host: db.school.lan
                    port: "${file:secret.txt}"
                    storage: [local]
                """);
        assertThat(section.reported()).containsExactly(
                tuple("sources[0].port", 5,
                        "expected a whole number, got the value of '${env:PG_PASSWORD}' (not shown)"),
                tuple("sources[1].port", 10,
                        "expected a whole number, got the value of '${file:secret.txt}' (not shown)"));
        assertThat(section.problems.toString()).doesNotContain("S3cret");
    }
}
