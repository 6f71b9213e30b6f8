package lifeboat.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, enforced: arrows point down only, and no cycle between the core's packages. Runs on the
 * compiled main classes of every module (the CLI's test class path holds them all).
 */
class ArchitectureTest {
    private static final String[] SERVICES = {"lifeboat.core.backup..", "lifeboat.core.verify..",
        "lifeboat.core.restore..", "lifeboat.core.trial..", "lifeboat.core.recover..", "lifeboat.core.notify..",
        "lifeboat.core.inventory..", "lifeboat.core.prune..", "lifeboat.core.proof..", "lifeboat.core.rebuild..",
        "lifeboat.core.breakglass..", "lifeboat.core.incident..", "lifeboat.core.monitor..", "lifeboat.core.users..",
        "lifeboat.core.auditing.."};

    private static JavaClasses main;

    @BeforeAll
    static void importClasses() {
        // the other modules arrive as jars (in the reactor: their target/*.jar); their test jars are left out
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/testkit/")
                        && !location.contains("lifeboat-testkit"))
                .importPackages("lifeboat");
    }

    @Test
    void theClassesOfEveryModuleAreImported() {
        assertThat(main.containPackage("lifeboat.spi")).isTrue();
        assertThat(main.containPackage("lifeboat.core.catalog")).isTrue();
        assertThat(main.containPackage("lifeboat.plugin.postgres")).isTrue();
        assertThat(main.containPackage("lifeboat.cli")).isTrue();
        assertThat(main.containPackage("lifeboat.web")).isTrue();
    }

    @Test
    void spi_dependsOnTheJdkOnly() {
        classes().that().resideInAPackage("lifeboat.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("lifeboat.spi..", "java..")
                .check(main);
    }

    @Test
    void plugins_neverDependOnTheCoreOrTheCli() {
        noClasses().that().resideInAnyPackage("lifeboat.plugin..", "lifeboat.support..", "lifeboat.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("lifeboat.core..", "lifeboat.cli..")
                .check(main);
    }

    @Test
    void core_neverDependsOnTheCli() {
        noClasses().that().resideInAPackage("lifeboat.core..")
                .should().dependOnClassesThat().resideInAPackage("lifeboat.cli..")
                .check(main);
    }

    @Test
    void config_isAtTheBottom_andImportsNoService() {
        classes().that().resideInAPackage("lifeboat.core.config..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("lifeboat.core.catalog..",
                        "lifeboat.core.repo..", "lifeboat.core.plugins..", "lifeboat.core.events..",
                        "lifeboat.core.daemon..", "lifeboat.core.backup..", "lifeboat.core.verify..",
                        "lifeboat.core.restore..", "lifeboat.core.trial..", "lifeboat.core.recover..",
                        "lifeboat.core.notify..", "lifeboat.core.inventory..", "lifeboat.core.incident..", "lifeboat.core.users..",
                        "lifeboat.core.audit..", "lifeboat.core.auditing..")
                .check(main);
    }

    @Test
    void layers_pointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("App").definedBy("lifeboat.cli..", "lifeboat.web..", "lifeboat.core.daemon..")
                .layer("Composition").definedBy("lifeboat.core")
                .layer("Services").definedBy(SERVICES)
                .layer("Parts").definedBy("lifeboat.core.catalog..", "lifeboat.core.repo..",
                        "lifeboat.core.plugins..", "lifeboat.core.events..", "lifeboat.core.document..",
                        "lifeboat.core.audit..")
                .layer("Config").definedBy("lifeboat.core.config..")
                .layer("Model").definedBy("lifeboat.core.model..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Composition").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Services", "Composition", "App")
                .whereLayer("Parts").mayOnlyBeAccessedByLayers("Parts", "Services", "Composition", "App")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Config", "Parts", "Services", "Composition", "App")
                .check(main);
    }

    @Test
    void corePackages_haveNoCycles() {
        slices().matching("lifeboat.core.(*)..").should().beFreeOfCycles().check(main);
    }

    /** The CLI and the web pages render what services return; the catalog's stores and database are theirs alone. */
    @Test
    void cli_neverTouchesTheCatalog() {
        noClasses().that().resideInAnyPackage("lifeboat.cli..", "lifeboat.web..")
                .should().dependOnClassesThat().haveNameMatching("lifeboat\\.core\\.catalog\\.(Database|\\w+Store)")
                .check(main);
    }

    /** An inline qualified name hides a dependency from a reader of the imports: main code imports what it uses. */
    @Test
    void mainCode_usesImportsNotInlineQualifiedNames() throws IOException {
        Pattern qualified = Pattern.compile("(?<![\\w.\"])((?:java|javax|jakarta|lifeboat|org|com)\\.(?:[a-z0-9_]+\\.)+[A-Z]\\w*)");
        List<String> found = new ArrayList<>();
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("orchestrator")) && root.getParent() != null) {
            root = root.getParent();
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("import ") || line.startsWith("package ") || line.startsWith("*")
                            || line.startsWith("//") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = qualified.matcher(line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""));
                    if (m.find()) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).as("inline qualified names in main code").isEmpty();
    }
}
