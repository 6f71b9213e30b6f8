package lifeboat.cli;

import static lifeboat.cli.Sql.pg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption set on a storage target: plaintext on the local disk, age offsite, from one read of the source; both
 * copies verify and restore, and {@code copy} between them re-encodes.
 */
class TargetEncryptionIT {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/%s?user=postgres";

    @TempDir
    Path dir;
    Path share;
    String recipient;
    String pgDb;

    @BeforeEach
    void setUp() throws Exception {
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o key.txt 2>&1");
        assertThat(gen.code()).as(gen.output()).isZero();
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        recipient = m.group();
        share = dir.resolve("share");
        Cli.share(share);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (pgDb != null) {
            pg("postgres", "drop database if exists " + pgDb + " with (force)");
            pg("postgres", "drop database if exists " + pgDb + "_back with (force)");
        }
    }

    /** local plain, offsite encrypted; {@code storage} is the share's list of targets. */
    private Path config(String storage, String extraSources) throws Exception {
        return Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: local
                    path: ./offsite
                    encryption:
                      recipients: [%s]
                      identity: ${file:key.txt}
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: %s
                %s""".formatted(recipient, storage, extraSources));
    }

    @Test
    void oneBackup_plainLocally_encryptedOffsite_bothVerifyAndRestore() throws Exception {
        Path config = config("[local, offsite]", "");
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        Path local = dir.resolve("repo/backups/share/" + id);
        Path offsite = dir.resolve("offsite/backups/share/" + id);

        // the local copy is a plain tar.zst, read with the standard tools and no key
        assertThat(local.resolve("data.tar.zst")).exists();
        assertThat(local.resolve("data.tar.zst.age")).doesNotExist();
        assertThat(Files.readString(local.resolve("backup.json"))).doesNotContain(recipient);
        Path byHand = Files.createDirectories(dir.resolve("by-hand"));
        ManualRestoreIT.Shell plain = ManualRestoreIT.sh(local, "set -o pipefail; sha256sum -c SHA256SUMS && "
                + "zstd -dc data.tar.zst | tar -xpf - -C " + byHand);
        assertThat(plain.code()).as(plain.output()).isZero();
        assertThat(Cli.tree(byHand)).isEqualTo(Cli.tree(share));

        // the offsite copy is age: not zstd without the key, and the key opens it
        assertThat(offsite.resolve("data.tar.zst.age")).exists();
        assertThat(offsite.resolve("data.tar.zst")).doesNotExist();
        assertThat(offsite.resolve("manifest.jsonl.zst.age")).exists();
        assertThat(Files.readString(offsite.resolve("backup.json"))).contains(recipient);
        assertThat(ManualRestoreIT.sh(offsite, "zstd -t data.tar.zst.age").code()).isNotZero();
        assertThat(ManualRestoreIT.sh(offsite, "grep -c noten-7a data.tar.zst.age").output().trim()).isEqualTo("0");
        Path byAge = Files.createDirectories(dir.resolve("by-age"));
        ManualRestoreIT.Shell aged = ManualRestoreIT.sh(offsite, "set -o pipefail; sha256sum -c SHA256SUMS && age -d -i "
                + dir.resolve("key.txt") + " data.tar.zst.age | zstd -dc | tar -xpf - -C " + byAge);
        assertThat(aged.code()).as(aged.output()).isZero();
        assertThat(Cli.tree(byAge)).isEqualTo(Cli.tree(share));

        for (String mode : new String[] {"quick", "full"}) {
            Cli.Result v = Cli.on(config, "verify", id, "--mode", mode, "--json");
            assertThat(v.code()).as(v.toString()).isZero();
            assertThat(v.json()).hasSize(2);
        }
        Cli.Result show = Cli.on(config, "show", id, "--json");
        assertThat(show.out()).contains("data.tar.zst.age").doesNotContain("AGE-SECRET-KEY");

        Cli.Result fromLocal = Cli.on(config, "restore", id, "--to", dir.resolve("from-local").toString(), "--json");
        assertThat(fromLocal.code()).as(fromLocal.toString()).isZero();
        assertThat(fromLocal.json().get("storage").asText()).isEqualTo("local");
        assertThat(Cli.tree(dir.resolve("from-local"))).isEqualTo(Cli.tree(share));

        deleteTree(dir.resolve("repo"));
        Cli.Result fromOffsite = Cli.on(config, "restore", id, "--to", dir.resolve("from-offsite").toString(), "--json");
        assertThat(fromOffsite.code()).as(fromOffsite.toString()).isZero();
        assertThat(fromOffsite.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(Cli.tree(dir.resolve("from-offsite"))).isEqualTo(Cli.tree(share));
    }

    @Test
    void incremental_onTopOfTheSplitCopies_restoresFromTheEncryptedOne() throws Exception {
        Path config = config("[local, offsite]", "");
        assertThat(Cli.on(config, "backup", "share", "--level", "full").code()).isZero();
        Files.writeString(share.resolve("staff/HB/neu.txt"), "neu\n");
        Files.delete(share.resolve("students/7a/empty.txt"));
        Cli.Result inc = Cli.on(config, "backup", "share", "--json");
        assertThat(inc.code()).as(inc.toString()).isZero();
        assertThat(inc.json().get("level").asText()).isEqualTo("incremental");
        assertThat(Cli.on(config, "verify", "share", "--mode", "full").code()).isZero();

        deleteTree(dir.resolve("repo"));
        Cli.Result r = Cli.on(config, "restore", "share", "--to", dir.resolve("restored").toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(Cli.tree(dir.resolve("restored"))).isEqualTo(Cli.tree(share));
    }

    @Test
    void copy_fromPlainToEncrypted_encrypts() throws Exception {
        Path config = config("[local]", "");
        String id = backUp(config);

        Cli.Result c = Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.json().get(0).get("status").asText()).isEqualTo("copied");
        Path offsite = dir.resolve("offsite/backups/share/" + id);
        assertThat(offsite.resolve("data.tar.zst.age")).exists();
        assertThat(offsite.resolve("manifest.jsonl.zst.age")).exists();
        assertThat(offsite.resolve("data.tar.zst")).doesNotExist();
        assertThat(ManualRestoreIT.sh(offsite, "sha256sum -c SHA256SUMS").code()).isZero();
        assertThat(Files.readString(offsite.resolve("backup.json"))).contains(recipient).contains("data.tar.zst.age");
        assertThat(Files.readAllBytes(offsite.resolve("data.tar.zst.age")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("repo/backups/share/" + id + "/data.tar.zst")));
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--target", "offsite", "--json");
        assertThat(v.code()).as(v.toString()).isZero();

        deleteTree(dir.resolve("repo"));
        Cli.Result r = Cli.on(config, "restore", id, "--to", dir.resolve("restored").toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(Cli.tree(dir.resolve("restored"))).isEqualTo(Cli.tree(share));
    }

    @Test
    void copy_fromEncryptedToPlain_decrypts() throws Exception {
        Path config = config("[offsite]", "");
        String id = backUp(config);

        Cli.Result c = Cli.on(config, "copy", "--from", "offsite", "--to", "local", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        Path local = dir.resolve("repo/backups/share/" + id);
        assertThat(local.resolve("data.tar.zst")).exists();
        assertThat(local.resolve("data.tar.zst.age")).doesNotExist();
        assertThat(Files.readString(local.resolve("backup.json"))).doesNotContain(recipient);
        Path byHand = Files.createDirectories(dir.resolve("by-hand"));
        ManualRestoreIT.Shell plain = ManualRestoreIT.sh(local, "set -o pipefail; sha256sum -c SHA256SUMS && "
                + "zstd -dc data.tar.zst | tar -xpf - -C " + byHand);
        assertThat(plain.code()).as(plain.output()).isZero();
        assertThat(Cli.tree(byHand)).isEqualTo(Cli.tree(share));
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--target", "local", "--json");
        assertThat(v.code()).as(v.toString()).isZero();
        assertThat(v.json().get(0).get("filesChecked").asInt()).isGreaterThan(0);
    }

    /**
     * Both targets encrypted, each to its own recipient: a copy decrypts with the first target's identity and
     * encrypts to the second's recipient only, and each copy restores with its own key.
     */
    @Test
    void copy_betweenTwoEncryptedTargets_withTheirOwnRecipients_restoresFromEach() throws Exception {
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o key2.txt 2>&1");
        assertThat(gen.code()).as(gen.output()).isZero();
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        String recipient2 = m.group();
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                    encryption:
                      recipients: [%s]
                      identity: ${file:key.txt}
                  - name: offsite
                    type: local
                    path: ./offsite
                    encryption:
                      recipients: [%s]
                      identity: ${file:key2.txt}
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                """.formatted(recipient, recipient2));
        String id = backUp(config);

        Cli.Result c = Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.json().get(0).get("status").asText()).isEqualTo("copied");
        Path local = dir.resolve("repo/backups/share/" + id);
        Path offsite = dir.resolve("offsite/backups/share/" + id);
        assertThat(Files.readString(offsite.resolve("backup.json"))).contains(recipient2).doesNotContain(recipient);
        assertThat(Files.readString(local.resolve("backup.json"))).contains(recipient).doesNotContain(recipient2);
        // each copy opens with its own key only
        assertThat(ManualRestoreIT.sh(offsite, "age -d -i " + dir.resolve("key.txt") + " data.tar.zst.age >/dev/null")
                .code()).isNotZero();
        ManualRestoreIT.Shell byKey2 = ManualRestoreIT.sh(offsite, "set -o pipefail; age -d -i "
                + dir.resolve("key2.txt") + " data.tar.zst.age | zstd -t");
        assertThat(byKey2.code()).as(byKey2.output()).isZero();
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(v.code()).as(v.toString()).isZero();
        assertThat(v.json()).hasSize(2);

        Cli.Result fromLocal = Cli.on(config, "restore", id, "--to", dir.resolve("from-local").toString(), "--json");
        assertThat(fromLocal.code()).as(fromLocal.toString()).isZero();
        assertThat(fromLocal.json().get("storage").asText()).isEqualTo("local");
        assertThat(Cli.tree(dir.resolve("from-local"))).isEqualTo(Cli.tree(share));
        deleteTree(dir.resolve("repo"));
        Cli.Result fromOffsite = Cli.on(config, "restore", id, "--to", dir.resolve("from-offsite").toString(),
                "--json");
        assertThat(fromOffsite.code()).as(fromOffsite.toString()).isZero();
        assertThat(fromOffsite.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(Cli.tree(dir.resolve("from-offsite"))).isEqualTo(Cli.tree(share));
    }

    private static String backUp(Path config) throws Exception {
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    @Test
    void databaseDump_plainLocally_encryptedOffsite_restoresFromEither() throws Exception {
        pgDb = "lifeboat_it_enctarget_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
                .toLowerCase(Locale.ROOT);
        pg("postgres", "create database " + pgDb);
        pg(pgDb, "create table students (id serial primary key, name text not null);"
                + "insert into students(name) select 'student ' || g from generate_series(1, 300) g");
        Path config = config("[local, offsite]", """
                  - name: sis
                    type: postgres
                    host: 127.0.0.1
                    port: 5432
                    database: %s
                    user: postgres
                    storage: [local, offsite]
                """.formatted(pgDb));
        Cli.Result b = Cli.on(config, "backup", "sis", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        try (Stream<Path> plain = Files.list(dir.resolve("repo/backups/sis/" + id));
                Stream<Path> aged = Files.list(dir.resolve("offsite/backups/sis/" + id))) {
            assertThat(plain.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".age"));
            assertThat(aged.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".age"))).isNotEmpty();
        }
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(v.code()).as(v.toString()).isZero();
        assertThat(v.json()).hasSize(2);

        deleteTree(dir.resolve("repo"));
        Cli.Result r = Cli.on(config, "restore", id, "--to-db", pgDb + "_back", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(count(pgDb + "_back")).isEqualTo(300);
    }

    @Test
    void encryptionOnSourceAndTargetToDifferentKeys_isAConfigErrorNamingBoth() throws Exception {
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o other.txt 2>&1");
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        Path config = config("[local, offsite]", "");
        Files.writeString(config, Files.readString(config).replace("    storage: [local, offsite]\n",
                "    storage: [local, offsite]\n    encryption:\n      recipients: [" + m.group() + "]\n"));
        Cli.Result c = Cli.on(config, "check-config", "--offline");
        if (c.err().contains("Unknown option")) {
            c = Cli.on(config, "check-config");
        }
        assertThat(c.code()).as(c.toString()).isEqualTo(2);
        assertThat(c.out() + c.err()).contains("sources[0].encryption").contains("'share'").contains("'offsite'")
                .contains("different recipients");
    }

    @Test
    void targetIdentityNotMatchingItsRecipients_failsCheckConfig() throws Exception {
        assertThat(ManualRestoreIT.sh(dir, "age-keygen -o other.txt 2>&1").code()).isZero();
        Path config = config("[local, offsite]", "");
        assertThat(Cli.on(config, "check-config").code()).isZero();
        Files.writeString(config, Files.readString(config).replace("${file:key.txt}", "${file:other.txt}"));

        Cli.Result c = Cli.on(config, "check-config");

        assertThat(c.code()).as(c.toString()).isEqualTo(2);
        assertThat(c.out()).contains("storage.offsite.encryption.identity").contains("does not match")
                .doesNotContain("AGE-SECRET-KEY");
    }

    private static long count(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG.formatted(db)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from students")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
