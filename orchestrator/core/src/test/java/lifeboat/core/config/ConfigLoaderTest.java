package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void share() throws IOException {
        Files.createDirectories(dir.resolve("share"));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lifeboat.yaml"), yaml);
    }

    private LifeboatConfig load(String yaml) throws Exception {
        return new ConfigLoader(PluginRegistry.load(), env::get).load(write(yaml));
    }

    private List<ConfigProblem> problems(String yaml) throws IOException {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(PluginRegistry.load(), env::get).load(file));
        assertThat(e).as("loading should fail").isNotNull();
        return e.problems();
    }

    private static final String STORAGE = """
            storage:
              - name: local
                type: local
                path: ./repo
            """;

    @Test
    void load_validFile_resolvesPathsAgainstTheConfigDirectory() throws Exception {
        LifeboatConfig c = load(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ./share
                    exclude: ["*.tmp"]
                    storage: [local]
                """);
        assertThat(c.sources()).hasSize(1);
        assertThat(c.source("share").orElseThrow().settings().requirePath("path")).isEqualTo(dir.resolve("share"));
        assertThat(c.source("share").orElseThrow().settings().list("exclude")).containsExactly("*.tmp");
    }

    @Test
    void unknownKey_reportedWithPathLineAndSuggestion() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ./share
                    exlude: ["*.tmp"]
                    storage: [local]
                """);
        assertThat(p).hasSize(1);
        assertThat(p.get(0).path()).isEqualTo("sources[0].exlude");
        assertThat(p.get(0).line()).isEqualTo(9);
        assertThat(p.get(0).message()).contains("unknown key 'exlude'").contains("did you mean 'exclude'");
        assertThat(p.get(0).toString()).contains("lifeboat.yaml:9: sources[0].exlude: unknown key");
    }

    @Test
    void unknownTopLevelKey_suggestsTheKnownOne() throws Exception {
        List<ConfigProblem> p = problems("storag: []\n");
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("storag");
            assertThat(x.line()).isEqualTo(1);
            assertThat(x.message()).contains("did you mean 'storage'");
        });
    }

    @Test
    void wrongType_integerGivenText_isReportedWithLine() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                scheduler:
                  maxConcurrentJobs: abc
                """);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("scheduler.maxConcurrentJobs");
            assertThat(x.line()).isEqualTo(6);
            assertThat(x.message()).contains("whole number").contains("abc");
        });
    }

    @Test
    void wrongType_listGivenScalar_isReported() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ./share
                    exclude: "*.tmp"
                    storage: [local]
                """);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("sources[0].exclude");
            assertThat(x.line()).isEqualTo(9);
            assertThat(x.message()).contains("expected a list");
        });
    }

    @Test
    void source_namingMissingStorageTarget_isReported() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [offsite]
                """);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("sources[0].storage");
            assertThat(x.line()).isEqualTo(9);
            assertThat(x.message()).contains("'offsite'").contains("not defined");
        });
    }

    @Test
    void duplicateSourceNames_areReported() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                """);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).startsWith("sources[1]");
            assertThat(x.line()).isEqualTo(10);
            assertThat(x.message()).contains("duplicate source name 'share'");
        });
    }

    @Test
    void missingEnvironmentVariable_namesTheVariable() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ${env:LIFEBOAT_TEST_SHARE_ROOT}
                    storage: [local]
                """);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("sources[0].path");
            assertThat(x.line()).isEqualTo(8);
            assertThat(x.message()).contains("LIFEBOAT_TEST_SHARE_ROOT");
        });
    }

    @Test
    void environmentVariable_isResolved() throws Exception {
        env.put("SHARE_ROOT", dir.resolve("share").toString());
        LifeboatConfig c = load(STORAGE + """
                sources:
                  - name: share
                    type: files
                    path: ${env:SHARE_ROOT}
                    storage: [local]
                """);
        assertThat(c.source("share").orElseThrow().settings().requirePath("path")).isEqualTo(dir.resolve("share"));
    }

    @Test
    void fileReference_resolvesAndStripsTheTrailingNewline() throws Exception {
        Files.writeString(dir.resolve("catalog-url"), "jdbc:postgresql://db.example:5432/lifeboat?user=lb\n");
        LifeboatConfig c = load(STORAGE + """
                catalog:
                  url: ${file:catalog-url}
                """);
        assertThat(c.catalogUrl()).isEqualTo("jdbc:postgresql://db.example:5432/lifeboat?user=lb");
    }

    @Test
    void missingFileReference_isReportedWithoutTheValue() throws Exception {
        List<ConfigProblem> p = problems(STORAGE + """
                catalog:
                  url: ${file:no-such-secret}
                """);
        assertThat(p).anySatisfy(x -> {
            assertThat(x.path()).isEqualTo("catalog.url");
            assertThat(x.message()).contains("no-such-secret");
        });
    }

    @Test
    void severalProblems_areAllReportedAtOnce() throws Exception {
        List<ConfigProblem> p = problems("""
                storage:
                  - name: local
                    type: local
                    path: ./repo
                    colour: blue
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [nowhere]
                  - name: share
                    type: filez
                    storage: [local]
                scheduler:
                  maxConcurrentJobs: many
                """);
        assertThat(p).extracting(ConfigProblem::path).contains("storage[0].colour", "sources[0].storage",
                "sources[1].type", "scheduler.maxConcurrentJobs");
        assertThat(p).hasSizeGreaterThanOrEqualTo(4).allSatisfy(x -> assertThat(x.line()).isPositive());
    }

    @Test
    void malformedYaml_reportsTheLine() throws Exception {
        List<ConfigProblem> p = problems("""
                storage:
                  - name: local
                    type: local
                    path: [./repo
                sources: []
                """);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.message()).startsWith("not valid YAML");
            assertThat(x.line()).isBetween(4, 6);
        });
    }

    @Test
    void missingFile_isOneProblemPointingToInit() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(PluginRegistry.load(), env::get).load(dir.resolve("nope.yaml")));
        assertThat(e.problems()).singleElement().satisfies(x -> assertThat(x.message()).contains("not found"));
    }
}
