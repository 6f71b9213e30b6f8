package lifeboat.core.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.UserStore;
import lifeboat.core.model.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One catalog for the class (each test its own user names); bcrypt at cost 4 here, 11 in use. */
class UsersTest {
    @TempDir
    static Path dir;
    static Database db;
    static Users users;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open("jdbc:h2:file:" + dir.resolve("catalog"));
        users = new Users(new UserStore(db), Clock.systemUTC(), 4);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    @Test
    void aUser_signsInWithTheirPassword_andTheCatalogHoldsNeitherPasswordNorToken() throws Exception {
        users.add("olivia", Role.OPERATOR, "a long enough secret".toCharArray());
        assertThat(users.list()).filteredOn(u -> u.name().equals("olivia")).singleElement()
                .satisfies(u -> assertThat(u.role()).isEqualTo(Role.OPERATOR));
        assertThat(users.login("olivia", "wrong password!".toCharArray(), "10.1.0.1"))
                .isInstanceOf(Users.Login.Refused.class);
        assertThat(users.login("nobody", "a long enough secret".toCharArray(), "10.1.0.1"))
                .isInstanceOf(Users.Login.Refused.class);
        Users.Login login = users.login("olivia", "a long enough secret".toCharArray(), "10.1.0.1");
        assertThat(login).isInstanceOf(Users.Login.Allowed.class);
        String token = ((Users.Login.Allowed) login).token();
        assertThat(users.session(token)).hasValueSatisfying(s -> assertThat(s.user()).isEqualTo("olivia"));
        assertThat(users.session("forged")).isEmpty();
        String catalog = new String(Files.readAllBytes(dir.resolve("catalog.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(catalog).doesNotContain("a long enough secret").doesNotContain(token).contains("$2y$04$");
        assertThat(users.actions(Instant.EPOCH)).filteredOn(a -> a.client().equals("10.1.0.1"))
                .extracting(a -> a.user() + " " + a.ok()).containsExactly("olivia false", "nobody false", "olivia true");
    }

    @Test
    void badNamesAndShortPasswords_areRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> users.add("Olivia Smith", Role.ADMIN, "a long enough secret".toCharArray()))
                .hasMessageContaining("user name 'Olivia Smith'");
        assertThatThrownBy(() -> users.add("adam", Role.ADMIN, "short".toCharArray()))
                .hasMessageContaining("at least 10 characters");
        users.add("adam", Role.ADMIN, "a long enough secret".toCharArray());
        assertThatThrownBy(() -> users.add("adam", Role.AUDITOR, "another secret!".toCharArray()))
                .hasMessageContaining("user 'adam' exists already");
        assertThatThrownBy(() -> users.remove("nobody")).hasMessage("no user 'nobody'");
        assertThatThrownBy(() -> users.passwd("nobody", "a long enough secret".toCharArray()))
                .hasMessage("no user 'nobody'");
    }

    @Test
    void aNewPassword_orRemoval_endsTheSessions() throws Exception {
        users.add("paula", Role.OPERATOR, "a long enough secret".toCharArray());
        String token = ((Users.Login.Allowed) users.login("paula", "a long enough secret".toCharArray(), "h"))
                .token();
        users.passwd("paula", "the new long secret".toCharArray());
        assertThat(users.session(token)).isEmpty();
        assertThat(users.login("paula", "a long enough secret".toCharArray(), "h"))
                .isInstanceOf(Users.Login.Refused.class);
        String again = ((Users.Login.Allowed) users.login("paula", "the new long secret".toCharArray(), "h")).token();
        users.remove("paula");
        assertThat(users.session(again)).isEmpty();
        assertThat(users.list()).noneMatch(u -> u.name().equals("paula"));
    }

    @Test
    void fiveFailedLogins_throttleThatName_withoutCheckingThePassword() throws Exception {
        users.add("tess", Role.OPERATOR, "a long enough secret".toCharArray());
        for (int i = 0; i < Users.MAX_FAILED; i++) {
            assertThat(users.login("tess", ("guess number " + i).toCharArray(), "10.2.0." + i))
                    .isInstanceOf(Users.Login.Refused.class);
        }
        assertThat(users.login("tess", "a long enough secret".toCharArray(), "10.2.0.99"))
                .isInstanceOf(Users.Login.Throttled.class);
        users.add("ursula", Role.OPERATOR, "a long enough secret".toCharArray());
        assertThat(users.login("ursula", "a long enough secret".toCharArray(), "10.2.0.1"))
                .as("another name from the same addresses").isInstanceOf(Users.Login.Allowed.class);
    }

    @Test
    void twentyFailedLoginsFromOneAddress_throttleEveryNameFromIt() throws Exception {
        users.add("vera", Role.AUDITOR, "a long enough secret".toCharArray());
        for (int i = 0; i < Users.MAX_FAILED_FROM_CLIENT; i++) {
            users.login("guess" + i, "whatever it is".toCharArray(), "10.3.0.1");
        }
        assertThat(users.login("vera", "a long enough secret".toCharArray(), "10.3.0.1"))
                .isInstanceOf(Users.Login.Throttled.class);
        assertThat(users.login("vera", "a long enough secret".toCharArray(), "10.3.0.2"))
                .isInstanceOf(Users.Login.Allowed.class);
    }
}
