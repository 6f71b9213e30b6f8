package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path dir;

    Path config;
    String id;
    Path backupDir;

    @BeforeEach
    void backup() throws Exception {
        config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        id = b.json().get("id").asText();
        backupDir = dir.resolve("repo/backups/share/" + id);
    }

    private List<VerificationRecord> verifications() throws Exception {
        PluginRegistry plugins = PluginRegistry.load();
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(plugins, Map.<String, String>of()::get).load(config), plugins)) {
            return lb.inventory().verifications(id);
        }
    }

    private static void flipMiddleByte(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long pos = f.length() / 2;
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0xFF);
        }
    }

    @Test
    void verifyFull_goodBackup_exitsZero_andIsStoredInTheCatalog() throws Exception {
        Cli.Result r = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode v = r.json().get(0);
        assertThat(v.get("status").asText()).isEqualTo("ok");
        assertThat(v.get("backup").asText()).isEqualTo(id);
        assertThat(v.get("filesChecked").asLong()).isEqualTo(6);
        assertThat(verifications()).singleElement().satisfies(x -> {
            assertThat(x.status().label()).isEqualTo("ok");
            assertThat(x.mode().label()).isEqualTo("full");
            assertThat(x.findings()).isZero();
        });
    }

    @Test
    void verifyFull_flippedByteInArchive_exitsOneNamingBackupAndObject() throws Exception {
        Path data = backupDir.resolve("data.tar.zst");
        long size = Files.size(data);
        flipMiddleByte(data);
        assertThat(Files.size(data)).isEqualTo(size);

        Cli.Result text = Cli.on(config, "verify", id, "--mode", "full");
        assertThat(text.code()).as(text.toString()).isEqualTo(1);
        assertThat(text.out()).contains("FAILED " + id).contains("backups/share/" + id + "/data.tar.zst");

        Cli.Result json = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(json.code()).isEqualTo(1);
        JsonNode v = json.json().get(0);
        assertThat(v.get("status").asText()).isEqualTo("failed");
        assertThat(v.get("findings")).isNotEmpty();
        assertThat(v.get("findings")).allSatisfy(f -> assertThat(f.get("backup").asText()).isEqualTo(id));
        assertThat(v.get("findings")).anySatisfy(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("hash-mismatch");
            assertThat(f.get("object").asText()).isEqualTo("backups/share/" + id + "/data.tar.zst");
        });
        assertThat(v.get("findings")).anySatisfy(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("sums-mismatch");
            assertThat(f.get("message").asText()).contains("data.tar.zst");
        });

        Cli.Result quick = Cli.on(config, "verify", id, "--mode", "quick");
        assertThat(quick.code()).as("a same-size flip is invisible to quick mode: " + quick).isZero();

        assertThat(verifications()).extracting(r -> r.status().label()).containsExactly("failed", "failed", "ok");
    }

    @Test
    void verifyQuick_deletedObject_exitsOneWithMissingObject() throws Exception {
        Files.delete(backupDir.resolve("manifest.jsonl.zst"));
        Cli.Result r = Cli.on(config, "verify", id, "--mode", "quick", "--json");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode f = r.json().get(0).get("findings").get(0);
        assertThat(f.get("kind").asText()).isEqualTo("missing-object");
        assertThat(f.get("object").asText()).isEqualTo("backups/share/" + id + "/manifest.jsonl.zst");
        assertThat(verifications()).singleElement().satisfies(x -> {
            assertThat(x.status().label()).isEqualTo("failed");
            assertThat(x.mode().label()).isEqualTo("quick");
            assertThat(x.findings()).isEqualTo(1);
        });
    }

    @Test
    void verify_oneBackupWithoutMode_isFull_aSourceIsQuickAndSaysWhatItChecked() throws Exception {
        Cli.Result one = Cli.on(config, "verify", id);
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(one.out()).startsWith("ok " + id + " on local (full)");

        Cli.Result source = Cli.on(config, "verify", "share");
        assertThat(source.code()).as(source.toString()).isZero();
        assertThat(source.out()).startsWith("present, sizes match (quick) " + id + " on local: ")
                .doesNotContain("ok ");
    }
}
