package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat user}: the password comes from stdin (never an argument); mistakes exit 2 naming the thing. */
class UserCommandTest {
    @TempDir
    Path dir;

    private static Cli.Result withStdin(String stdin, Path config, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.on(config, args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void addListPasswdRemove_withThePasswordOnStdin() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result add = withStdin("a long enough secret\n", config, "user", "add", "olivia", "--role", "operator");
        assertThat(add.code()).as(add.toString()).isZero();
        assertThat(add.out()).contains("added user olivia (operator)").doesNotContain("secret");
        Cli.Result list = Cli.on(config, "user", "list", "--json");
        assertThat(list.out()).contains("\"name\" : \"olivia\"").contains("\"role\" : \"operator\"")
                .doesNotContain("$2y$");
        assertThat(withStdin("another long secret\n", config, "user", "passwd", "olivia").code()).isZero();
        assertThat(Cli.on(config, "user", "remove", "olivia").out()).contains("removed user olivia");
        assertThat(Cli.on(config, "user", "list").out()).doesNotContain("olivia");
    }

    @Test
    void mistakes_exit2_namingTheThing() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result role = withStdin("a long enough secret\n", config, "user", "add", "olivia", "--role", "boss");
        assertThat(role.code()).isEqualTo(2);
        assertThat(role.err()).contains("unknown role 'boss' (admin, operator, auditor)");
        Cli.Result none = withStdin("", config, "user", "add", "olivia", "--role", "admin");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no password");
        Cli.Result shortPw = withStdin("short\n", config, "user", "add", "olivia", "--role", "admin");
        assertThat(shortPw.err()).contains("at least 10 characters");
        assertThat(Cli.on(config, "user", "remove", "nobody").err()).contains("no user 'nobody'");
        assertThat(Cli.on(config, "user").code()).isEqualTo(2);
    }
}
