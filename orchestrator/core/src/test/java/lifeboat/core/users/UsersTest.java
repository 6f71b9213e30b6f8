package lifeboat.core.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import lifeboat.core.Lifeboat;
import lifeboat.core.model.Role;
import lifeboat.core.testing.TestInstall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path dir;
    Lifeboat lb;
    Users users;

    @BeforeEach
    void open() throws Exception {
        lb = TestInstall.files(dir).open();
        users = lb.users();
    }

    @AfterEach
    void close() throws Exception {
        lb.close();
    }

    @Test
    void aUser_signsInWithTheirPassword_andTheCatalogHoldsNeitherPasswordNorToken() throws Exception {
        users.add("olivia", Role.OPERATOR, "a long enough secret".toCharArray());
        assertThat(users.list()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("olivia");
            assertThat(u.role()).isEqualTo(Role.OPERATOR);
        });
        assertThat(users.login("olivia", "wrong password!".toCharArray(), "10.0.0.1"))
                .isInstanceOf(Users.Login.Refused.class);
        assertThat(users.login("nobody", "a long enough secret".toCharArray(), "10.0.0.1"))
                .isInstanceOf(Users.Login.Refused.class);
        Users.Login login = users.login("olivia", "a long enough secret".toCharArray(), "10.0.0.1");
        assertThat(login).isInstanceOf(Users.Login.Allowed.class);
        String token = ((Users.Login.Allowed) login).token();
        assertThat(users.session(token)).hasValueSatisfying(s -> assertThat(s.user()).isEqualTo("olivia"));
        assertThat(users.session("forged")).isEmpty();
        lb.close();
        String catalog = new String(Files.readAllBytes(dir.resolve("var/catalog.mv.db")), "ISO-8859-1");
        assertThat(catalog).doesNotContain("a long enough secret").doesNotContain(token).contains("$2y$11$");
        lb = TestInstall.files(dir).open();
        users = lb.users();
        assertThat(users.actions(Instant.EPOCH)).extracting(a -> a.user() + " " + a.ok())
                .containsExactly("olivia false", "nobody false", "olivia true");
    }

    @Test
    void badNamesAndShortPasswords_areRefusedWithTheReason() throws SQLException {
        assertThatThrownBy(() -> users.add("Olivia Smith", Role.ADMIN, "a long enough secret".toCharArray()))
                .hasMessageContaining("user name 'Olivia Smith'");
        assertThatThrownBy(() -> users.add("olivia", Role.ADMIN, "short".toCharArray()))
                .hasMessageContaining("at least 10 characters");
        users.add("olivia", Role.ADMIN, "a long enough secret".toCharArray());
        assertThatThrownBy(() -> users.add("olivia", Role.AUDITOR, "another secret!".toCharArray()))
                .hasMessageContaining("user 'olivia' exists already");
        assertThatThrownBy(() -> users.remove("nobody")).hasMessage("no user 'nobody'");
        assertThatThrownBy(() -> users.passwd("nobody", "a long enough secret".toCharArray()))
                .hasMessage("no user 'nobody'");
    }

    @Test
    void aNewPassword_orRemoval_endsTheSessions() throws Exception {
        users.add("olivia", Role.OPERATOR, "a long enough secret".toCharArray());
        String token = ((Users.Login.Allowed) users.login("olivia", "a long enough secret".toCharArray(), "h"))
                .token();
        users.passwd("olivia", "the new long secret".toCharArray());
        assertThat(users.session(token)).isEmpty();
        assertThat(users.login("olivia", "a long enough secret".toCharArray(), "h"))
                .isInstanceOf(Users.Login.Refused.class);
        String again = ((Users.Login.Allowed) users.login("olivia", "the new long secret".toCharArray(), "h")).token();
        users.remove("olivia");
        assertThat(users.session(again)).isEmpty();
        assertThat(users.list()).isEmpty();
    }

    @Test
    void fiveFailedLogins_throttleThatName_withoutCheckingThePassword() throws Exception {
        users.add("tess", Role.OPERATOR, "a long enough secret".toCharArray());
        for (int i = 0; i < Users.MAX_FAILED; i++) {
            assertThat(users.login("tess", ("guess number " + i).toCharArray(), "10.0.0." + i))
                    .isInstanceOf(Users.Login.Refused.class);
        }
        assertThat(users.login("tess", "a long enough secret".toCharArray(), "10.0.0.99"))
                .isInstanceOf(Users.Login.Throttled.class);
        users.add("olivia", Role.OPERATOR, "a long enough secret".toCharArray());
        assertThat(users.login("olivia", "a long enough secret".toCharArray(), "10.0.0.1"))
                .as("another name from the same addresses").isInstanceOf(Users.Login.Allowed.class);
    }
}
