package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code lifeboat} launcher script, with stand-ins for mvn and java on the PATH. */
class LauncherTest {
    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;

    private Path install(String mvnBody) throws Exception {
        Path root = Files.createDirectories(dir.resolve("lifeboat"));
        Files.copy(Path.of("../../lifeboat"), root.resolve("lifeboat"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("orchestrator/cli/src/main/java"));
        Files.createDirectories(root.resolve("plugins"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("mvn"), mvnBody);
        script(bin.resolve("java"), "echo \"java ran\"\n");
        return root;
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body);
        file.toFile().setExecutable(true);
    }

    private Process run(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("lifeboat").toString()));
        command.addAll(args.length == 0 ? List.of("list") : List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        // only the stand-in JDKs of the test: none from the machine
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("LIFEBOAT_JAVA_HOME");
        pb.environment().put("LIFEBOAT_JVM_DIRS", dir.resolve("jdks").toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    void firstBuild_printsNoEscapeCodes() throws Exception {
        Path root = install("""
                printf '\\033[0m\\033[0m'
                mkdir -p orchestrator/cli/target && touch orchestrator/cli/target/lifeboat-cli-0.1.0-SNAPSHOT-all.jar
                """);
        Process p = run(root);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("java ran\n");
        assertThat(err).contains("building the CLI jar").doesNotContain(ESC);
    }

    @Test
    void aSourceNewerThanTheJar_buildsItAgain() throws Exception {
        Path root = install("""
                mkdir -p orchestrator/cli/target && touch orchestrator/cli/target/lifeboat-cli-0.1.0-SNAPSHOT-all.jar
                """);
        Path jar = Files.createDirectories(root.resolve("orchestrator/cli/target"))
                .resolve("lifeboat-cli-0.1.0-SNAPSHOT-all.jar");
        Files.writeString(jar, "");
        Path source = Files.writeString(root.resolve("orchestrator/cli/src/main/java/Main.java"), "class Main {}\n");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        Process p = run(root);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).contains("building the CLI jar");
        assertThat(Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(source))).isPositive();

        p = run(root);
        err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).as("up to date: no build").doesNotContain("building");
    }

    /** A stand-in JDK of this major version whose java prints its version and arguments. */
    private void jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdks").resolve(name).resolve("bin"));
        Files.writeString(home.getParent().resolve("release"), "JAVA_VERSION=\"" + version + "\"\n"
                + "JAVA_RUNTIME_VERSION=\"" + version + "+1\"\n");
        script(home.resolve("java"), "echo \"java " + version + " $*\"\n");
    }

    @Test
    void newestJdk_isUsed_withAnAotCacheRecordedPerHeavyCommand_andAppCdsOnSeventeen() throws Exception {
        Path root = install("exit 1\n");
        Path jar = Files.createDirectories(root.resolve("orchestrator/cli/target"))
                .resolve("lifeboat-cli-0.1.0-SNAPSHOT-all.jar");
        Files.writeString(jar, "");
        jdk("jdk-17", "17.0.9");
        jdk("jdk-25", "25.0.1");

        Process p = run(root, "backup", "share");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isZero();
        assertThat(out).startsWith("java 25.0.1 ").contains("-XX:AOTMode=record -XX:AOTConfiguration=" + jar.toString()
                .replace(".jar", ".backup.jdk-25.0.1_1.aot.")).contains("-Xms16m").endsWith("backup share\n")
                .as("the recording's own message goes to stderr").contains("-XX:+DisplayVMOutputToStderr")
                .doesNotContain("TieredStopAtLevel").as("a heavy command compiles later")
                .contains("-XX:CompileThresholdScaling=4");

        p = run(root, "jobs");
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as("the other commands share one cache").startsWith("java 25.0.1 ")
                .contains(".cli.jdk-25.0.1_1.aot.").doesNotContain("TieredStopAtLevel")
                .doesNotContain("CompileThresholdScaling").endsWith("jobs\n");
        p = run(root, "recover", "--plan", "all");
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as("a recovery restores").contains(".cli.jdk-25.0.1_1.aot.").doesNotContain("TieredStopAtLevel");

        for (String[] args : List.of(new String[] {"list"}, new String[] {"latest-good", "share"},
                new String[] {"recover", "--plan", "all", "--dry-run"})) {
            p = run(root, args);
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as("the catalog reads: one cache, no C2").startsWith("java 25.0.1 ")
                    .contains(".catalog.jdk-25.0.1_1.aot.").contains("-XX:TieredStopAtLevel=1")
                    .endsWith(String.join(" ", args) + "\n");
        }

        Files.delete(dir.resolve("jdks/jdk-25/release")); // not a JDK whose version can be told: passed over
        p = run(root, "verify", "share");
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).startsWith("java 17.0.9 ").contains("-XX:ArchiveClassesAtExit=").endsWith("verify share\n");
    }

    @Test
    void failedBuild_showsMavensOutputWithoutEscapeCodes_andExitsTwo() throws Exception {
        Path root = install("printf '\\033[1;31mERROR\\033[m compilation failed\\n'; exit 1\n");
        Process p = run(root);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("ERROR compilation failed").contains("the build failed").doesNotContain(ESC);
    }
}
