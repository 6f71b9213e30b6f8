package lifeboat.core.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"/abs.txt", "/", "../escape.txt", "..", "a/../../b", "a/..", "./a", "a/./b", "a//b", "a\0b"})
    void refusal_unsafeName_isRefused(String name) {
        assertThat(SafePaths.refusal(name)).isNotNull();
    }

    @Test
    void refusal_nullOrEmpty_isRefused() {
        assertThat(SafePaths.refusal(null)).isEqualTo("empty name");
        assertThat(SafePaths.refusal("")).isEqualTo("empty name");
    }

    @Test
    void refusal_reasonNamesTheProblem() {
        assertThat(SafePaths.refusal("/etc/passwd")).isEqualTo("absolute path");
        assertThat(SafePaths.refusal("a/../b")).contains("'..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "dir/", "a/b/c", "..hidden", "a/...", "Brüche.txt", "数学/作业.txt"})
    void refusal_ordinaryName_isAccepted(String name) {
        assertThat(SafePaths.refusal(name)).isNull();
    }

    @Test
    void prepare_refusesAPathThroughASymlinkedDirectory() throws Exception {
        Path root = Files.createDirectories(dir.resolve("target"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        SafePaths paths = new SafePaths(root);
        assertThatThrownBy(() -> paths.prepare("link/evil.txt")).isInstanceOf(SafePaths.UnsafePathException.class)
                .hasMessageContaining("link/evil.txt").hasMessageContaining("symlink");
    }

    @Test
    void prepare_createsParentsInsideTheRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("target"));
        Path p = new SafePaths(root).prepare("a/b/c.txt");
        assertThat(p).isEqualTo(root.resolve("a/b/c.txt"));
        assertThat(root.resolve("a/b")).isDirectory();
    }
}
