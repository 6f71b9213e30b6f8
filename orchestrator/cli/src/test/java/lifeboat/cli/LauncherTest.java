package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private Process run(Path root) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("lifeboat").toString(), "list");
        pb.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
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
    void failedBuild_showsMavensOutputWithoutEscapeCodes_andExitsTwo() throws Exception {
        Path root = install("printf '\\033[1;31mERROR\\033[m compilation failed\\n'; exit 1\n");
        Process p = run(root);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("ERROR compilation failed").contains("the build failed").doesNotContain(ESC);
    }
}
