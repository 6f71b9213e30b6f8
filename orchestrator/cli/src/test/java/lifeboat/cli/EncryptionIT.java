package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups encrypted with age: unreadable without the key, decryptable by the age tool, checked and restored. */
class EncryptionIT {
    @TempDir
    Path dir;
    Path share;
    String recipient;

    @BeforeEach
    void keys() throws Exception {
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o key.txt 2>&1 && age-keygen -o other.txt");
        assertThat(gen.code()).as(gen.output()).isZero();
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        recipient = m.group();
        share = dir.resolve("share");
        Cli.share(share);
    }

    private Path config(String identityLine) throws Exception {
        return config(identityLine, "");
    }

    private Path config(String identityLine, String top) throws Exception {
        return Files.writeString(dir.resolve("lifeboat.yaml"), top + """
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
                    encryption:
                      recipients: [%s]
                %s
                """.formatted(recipient, identityLine));
    }

    @Test
    void encryptedBackup_decryptsWithAgeAndRestores() throws Exception {
        Path config = config("      identity: ${file:key.txt}");
        Cli.Result b = Cli.on(config, "backup", "share", "--verify", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(b.out() + b.err()).doesNotContain("AGE-SECRET-KEY");
        String id = b.json().get("id").asText();
        assertThat(b.json().get("verified").get(0).get("filesChecked").asInt()).isGreaterThan(0);
        Path backupDir = dir.resolve("repo/backups/share/" + id);
        assertThat(backupDir.resolve("data.tar.zst.age")).exists();
        assertThat(backupDir.resolve("data.tar.zst")).doesNotExist();
        assertThat(Files.readString(backupDir.resolve("backup.json"))).contains(recipient);

        Path out = Files.createDirectories(dir.resolve("by-hand"));
        ManualRestoreIT.Shell manual = ManualRestoreIT.sh(backupDir, "set -o pipefail; sha256sum -c SHA256SUMS && "
                + "age -d -i " + dir.resolve("key.txt") + " data.tar.zst.age | zstd -dc | tar -xpf - -C " + out);
        assertThat(manual.code()).as(manual.output()).isZero();
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(share));

        Cli.Result r = Cli.on(config, "restore", id, "--to", dir.resolve("restored").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Cli.tree(dir.resolve("restored"))).isEqualTo(Cli.tree(share));
    }

    @Test
    void anotherBackupsManifest_failsTheRestoreNamingIt_andNothingIsWritten() throws Exception {
        Path config = config("      identity: ${file:key.txt}");
        String a = backUp(config);
        Files.writeString(share.resolve("staff/HB/only-in-b.txt"), "b\n");
        String b = backUp(config);
        Path repo = dir.resolve("repo/backups/share");
        Files.copy(repo.resolve(b + "/manifest.jsonl.zst.age"), repo.resolve(a + "/manifest.jsonl.zst.age"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Path target = dir.resolve("restored");
        Cli.Result r = Cli.on(config, "restore", a, "--to", target.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains(a + "/manifest.jsonl.zst.age").contains("the catalog says");
        assertThat(Cli.tree(target)).isEmpty();
    }

    @Test
    void withoutIdentity_backsUpIncrementallyAndChecksHashesButCannotRestore() throws Exception {
        Path config = config("");
        assertThat(Cli.on(config, "backup", "share").code()).isZero();
        Files.writeString(share.resolve("staff/HB/neu.txt"), "neu\n");
        Cli.Result inc = Cli.on(config, "backup", "share", "--json");
        assertThat(inc.code()).as(inc.toString()).isZero();
        assertThat(inc.json().get("level").asText()).isEqualTo("incremental");
        assertThat(inc.json().get("changedFiles").asInt()).isEqualTo(1);

        Cli.Result v = Cli.on(config, "verify", "share", "--mode", "full", "--json");
        assertThat(v.code()).as(v.toString()).isZero();
        assertThat(v.json().get(0).get("notes").toString()).contains("no identity configured");

        Path target = dir.resolve("restored");
        Cli.Result r = Cli.on(config, "restore", "share", "--to", target.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("no age identity is configured");
        assertThat(Cli.tree(target)).isEmpty();
    }

    @Test
    void wrongIdentity_isRefusedBeforeAnythingIsWritten() throws Exception {
        String id = backUp(config("      identity: ${file:key.txt}"));
        Path config = config("      identity: ${file:other.txt}");
        Path target = dir.resolve("restored");
        Cli.Result r = Cli.on(config, "restore", id, "--to", target.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("cannot be decrypted with the configured age identity");
        assertThat(r.out() + r.err()).doesNotContain("AGE-SECRET-KEY");
        assertThat(Cli.tree(target)).isEmpty();
    }

    @Test
    void showFiles_ofAnEncryptedBackup_listsItsFiles() throws Exception {
        Path config = config("      identity: ${file:key.txt}");
        String id = backUp(config);

        Cli.Result show = Cli.on(config, "show", id, "--files", "--json");
        assertThat(show.code()).as(show.toString()).isZero();
        List<String> paths = new ArrayList<>();
        show.json().get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertThat(paths).contains("staff/HB/noten-7a.csv", "shared/Handouts/Brüche.txt", "students/7a/empty.txt");

        Cli.Result text = Cli.on(config, "show", id, "--files");
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).contains("staff/HB/noten-7a.csv");
        assertThat(show.out() + show.err() + text.out() + text.err()).doesNotContain("AGE-SECRET-KEY");
    }

    @Test
    void showFiles_withoutIdentity_namesTheMissingIdentity() throws Exception {
        Path config = config("");
        String id = backUp(config);

        Cli.Result show = Cli.on(config, "show", id, "--files");
        assertThat(show.code()).as(show.toString()).isEqualTo(1);
        assertThat(show.err()).contains("manifest.jsonl.zst.age").contains("no age identity is configured")
                .contains("encryption.identity");
    }

    private static String backUp(Path config) throws Exception {
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    /** A webhook on a closed port: the message stays in the outbox, where its advice can be read. */
    private static final String HOOK = """
            notifications:
              channels:
                - name: it-chat
                  type: webhook
                  url: ${file:hook-url}
                  format: generic
              rules:
                - events: [verify-failed]
                  channels: [it-chat]
            """;

    @Test
    void wrongIdentity_fullVerifyReportsAKeyProblem_keepsTheGrades_andAdvisesOnTheKey() throws Exception {
        Files.writeString(dir.resolve("hook-url"), "http://127.0.0.1:9/hook");
        Path config = config("      identity: ${file:key.txt}", HOOK);
        String id = backUp(config);
        Cli.Result good = Cli.on(config, "verify", id, "--mode", "full");
        assertThat(good.code()).as(good.toString()).isZero();
        assertThat(Cli.on(config, "latest-good", "share").code()).isZero();

        config = config("      identity: ${file:other.txt}", HOOK);
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(v.code()).as(v.toString()).isEqualTo(1);
        var result = v.json().get(0);
        assertThat(result.get("status").asText()).isEqualTo("key-mismatch");
        assertThat(result.get("findings")).isNotEmpty().allSatisfy(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("key-mismatch");
            assertThat(f.get("message").asText()).contains("does not match the recipients").contains(recipient)
                    .contains(publicKey("other.txt")).contains("encryption.identity");
        });
        assertThat(v.out() + v.err()).doesNotContain("AGE-SECRET-KEY");
        Cli.Result text = Cli.on(config, "verify", id, "--mode", "full");
        assertThat(text.out()).contains("KEY MISMATCH").doesNotContain("FAILED");

        // the backup keeps its grade: it is still the latest good one
        Cli.Result lg = Cli.on(config, "latest-good", "share", "--json");
        assertThat(lg.code()).as(lg.toString()).isZero();
        assertThat(lg.json().get("id").asText()).isEqualTo(id);
        assertThat(lg.json().get("grade").asText()).isEqualTo("verified");

        PluginRegistry plugins = PluginRegistry.load();
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(plugins).load(config), plugins)) {
            assertThat(lb.inventory().notifications(null)).anySatisfy(n -> {
                assertThat(n.body()).contains(id).contains("does not match the recipients");
                assertThat(n.advice()).contains("key problem, not damage").contains("encryption.identity")
                        .doesNotContain("disk");
            });
        }

        // a trial restore with the wrong key is not tried, says why, and leaves the grade as it was
        Cli.Result trial = Cli.on(config, "trial-restore", "share", "--json");
        assertThat(trial.code()).as(trial.toString()).isEqualTo(1);
        assertThat(trial.json().get(0).get("status").asText()).isEqualTo("key-mismatch");
        assertThat(trial.json().get(0).get("error").asText()).contains("does not match").contains(recipient);
        Cli.Result afterTrial = Cli.on(config, "latest-good", "share", "--json");
        assertThat(afterTrial.code()).as(afterTrial.toString()).isZero();
        assertThat(afterTrial.json().get("id").asText()).isEqualTo(id);

        // damage is still damage with the wrong key: the stored bytes no longer match
        Path data = dir.resolve("repo/backups/share/" + id + "/data.tar.zst.age");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 1;
        Files.write(data, bytes);
        Cli.Result corrupt = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(corrupt.code()).isEqualTo(1);
        assertThat(corrupt.json().get(0).get("status").asText()).isEqualTo("failed");
        assertThat(corrupt.json().get(0).get("findings")).anySatisfy(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("hash-mismatch");
            assertThat(f.get("object").asText()).endsWith("data.tar.zst.age");
        });
        assertThat(Cli.on(config, "latest-good", "share").code()).isEqualTo(1);
    }

    @Test
    void checkConfig_identityNotMatchingTheRecipients_exitsTwo() throws Exception {
        Cli.Result fine = Cli.on(config("      identity: ${file:key.txt}"), "check-config");
        assertThat(fine.code()).as(fine.toString()).isZero();

        Cli.Result c = Cli.on(config("      identity: ${file:other.txt}"), "check-config");
        assertThat(c.code()).as(c.toString()).isEqualTo(2);
        assertThat(c.out()).contains("sources.share.encryption.identity").contains("does not match")
                .contains(publicKey("other.txt")).contains(recipient).doesNotContain("AGE-SECRET-KEY");
    }

    private String publicKey(String keyFile) throws Exception {
        return Files.readAllLines(dir.resolve(keyFile)).stream().filter(l -> l.startsWith("# public key: "))
                .map(l -> l.substring("# public key: ".length()).trim()).findFirst().orElseThrow();
    }

    @Test
    void secretKeyWrittenIntoTheConfig_isRefused() throws Exception {
        String key = Files.readAllLines(dir.resolve("key.txt")).stream().filter(l -> l.startsWith("AGE-SECRET-KEY"))
                .findFirst().orElseThrow();
        Cli.Result c = Cli.on(config("      identity: " + key), "check-config");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.out()).contains("encryption.identity").contains("${file:PATH}").doesNotContain(key);
    }
}
