package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lifeboat.core.config.CheckSpec;
import lifeboat.core.config.CheckType;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.ConfigProblem;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.RestoreTestSpec;
import lifeboat.core.config.RestoreTestsLoader;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore tests in {@code restore-tests/*.yaml}: what loads, and what is reported with file and line. */
class RestoreTestsLoaderTest {
    @TempDir
    Path dir;

    LifeboatConfig config;

    @BeforeEach
    void config() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Files.createDirectories(dir.resolve("restore-tests"));
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                  - name: sis
                    type: postgres
                    host: 127.0.0.1
                    database: sis
                    user: postgres
                    storage: [local]
                """);
        config = new ConfigLoader(PluginRegistry.load(), k -> null).load(file);
    }

    private Path tests(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve("restore-tests").resolve(name), yaml);
    }

    private List<ConfigProblem> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RestoreTestsLoader.load(config));
        assertThat(e).as("loading should fail").isNotNull();
        return e.problems();
    }

    @Test
    void multiDocumentFile_loadsEverySource() throws Exception {
        tests("school.yaml", """
                # the school's checks
                source: share
                checks:
                  - type: files-match-manifest
                  - type: paths-present
                    paths: [staff, shared/Handouts]
                  - type: totals-match-backup
                ---
                source: sis
                checks:
                  - type: row-counts-match-backup
                  - type: schema-matches-backup
                  - type: tables-present
                    tables: [students, grades]
                  - type: views-present
                    views: [report_cards]
                  - type: functions-present
                    functions: [average_score]
                  - type: sql
                    name: grades-exist
                    query: select count(*) from grades
                    expect: "> 0"
                  - type: sql
                    query: select id from students
                    expectRows: between 1 and 500
                """);
        Map<String, RestoreTestSpec> t = RestoreTestsLoader.load(config);
        assertThat(t).containsOnlyKeys("share", "sis");
        assertThat(t.get("share").checks()).extracting(CheckSpec::type).containsExactly(CheckType.FILES_MATCH_MANIFEST,
                CheckType.PATHS_PRESENT, CheckType.TOTALS_MATCH_BACKUP);
        assertThat(t.get("share").checks().get(1).items()).containsExactly("staff", "shared/Handouts");
        RestoreTestSpec sis = t.get("sis");
        assertThat(sis.line()).isEqualTo(9);
        assertThat(sis.file()).endsWith("school.yaml");
        assertThat(sis.checks()).hasSize(7);
        CheckSpec grades = sis.checks().get(5);
        assertThat(grades.name()).isEqualTo("grades-exist");
        assertThat(grades.query()).isEqualTo("select count(*) from grades");
        assertThat(grades.expect().toString()).isEqualTo("> 0");
        assertThat(grades.expectRows()).isNull();
        CheckSpec rows = sis.checks().get(6);
        assertThat(rows.name()).isEqualTo("select id from students"); // unnamed: the query names it
        assertThat(rows.expect()).isNull();
        assertThat(rows.expectRows().test("500")).isTrue();
        assertThat(rows.expectRows().test("501")).isFalse();
        assertThat(sis.checks().get(4).items()).containsExactly("average_score");
    }

    @Test
    void noDirectory_meansNoTests() throws Exception {
        Files.delete(dir.resolve("restore-tests"));
        assertThat(RestoreTestsLoader.load(config)).isEmpty();
    }

    @Test
    void unknownSource_isReportedWithFileAndLine() throws Exception {
        Path f = tests("a.yaml", """
                source: share
                checks:
                  - type: files-match-manifest
                ---
                source: library
                checks:
                  - type: row-counts-match-backup
                """);
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(f.toString());
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("'library'").contains("not defined");
        });
    }

    @Test
    void filesCheckOnADatabaseSource_isRefused() throws Exception {
        Path f = tests("sis.yaml", """
                source: sis
                checks:
                  - type: row-counts-match-backup
                  - type: files-match-manifest
                """);
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(f.toString());
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.path()).contains("checks[1]");
            assertThat(p.message()).contains("files-match-manifest").contains("file share sources only");
        });
    }

    @Test
    void databaseCheckOnAShare_isRefused() throws Exception {
        tests("share.yaml", """
                source: share
                checks:
                  - type: sql
                    query: select 1
                    expect: "1"
                """);
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("'sql' applies to database sources only");
        });
    }

    @Test
    void unknownCheckType_isReported() throws Exception {
        tests("sis.yaml", """
                source: sis
                checks:
                  - type: row-counts-match-backup
                  - type: rows-look-fine
                """);
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("unknown check type 'rows-look-fine'");
        });
    }

    @Test
    void sqlWithoutExpect_isReported() throws Exception {
        tests("sis.yaml", """
                source: sis
                checks:
                  - type: sql
                    name: count
                    query: select count(*) from grades
                """);
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("expect");
        });
    }

    @Test
    void sqlWithBadExpectation_isReportedAtItsLine() throws Exception {
        tests("sis.yaml", """
                source: sis
                checks:
                  - type: sql
                    query: select count(*) from grades
                    expect: "> lots"
                """);
        assertThat(problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("lots").contains("not a number");
        });
    }

    @Test
    void duplicateSource_isReported_alsoAcrossFiles() throws Exception {
        Path first = tests("a.yaml", """
                source: sis
                checks:
                  - type: row-counts-match-backup
                """);
        Path second = tests("b.yaml", """
                source: sis
                checks:
                  - type: schema-matches-backup
                """);
        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(second.toString());
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("defined twice").contains(first.toString());
        });
    }

    @Test
    void checkConfig_reportsRestoreTestProblems() throws Exception {
        tests("sis.yaml", """
                source: nobody
                checks:
                  - type: row-counts-match-backup
                """);
        Cli.Result r = Cli.on(dir.resolve("lifeboat.yaml"), "check-config");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("sis.yaml:1").contains("'nobody'");
    }
}
