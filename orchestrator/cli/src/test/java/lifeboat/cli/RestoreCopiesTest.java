package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore trusts no object it has not checked against this backup's recorded SHA-256: another backup's manifest
 * or archive put in place of this one's fails the copy, naming the object, and the restore falls through to the next
 * copy whose objects match.
 */
class RestoreCopiesTest {
    @TempDir
    Path dir;

    private Path config(String storage) throws Exception {
        return Cli.installTwoTargets(dir, storage);
    }

    private String backup(Path config, String level) throws Exception {
        Cli.Result b = Cli.on(config, "backup", "share", "--level", level, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    private Path object(String repo, String id, String name) {
        return dir.resolve(repo + "/backups/share/" + id + "/" + name);
    }

    private void swap(String repo, String from, String over, String name) throws Exception {
        Files.copy(object(repo, from, name), object(repo, over, name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void full_withAnotherBackupsManifest_failsNamingTheManifest_andWritesNothing() throws Exception {
        Path config = config("[local]");
        String a = backup(config, "full");
        Cli.write(dir.resolve("share"), "only-in-b.txt", "b\n");
        backup(config, "full");
        String b = Cli.on(config, "list", "--json").json().get(1).get("id").asText();
        swap("repo", b, a, "manifest.jsonl.zst");

        Path out = dir.resolve("out");
        Cli.Result r = Cli.on(config, "restore", a, "--to", out.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED").contains("manifest.jsonl.zst").contains("local")
                .contains("the catalog says");
        assertThat(Cli.tree(out)).isEmpty();
    }

    @Test
    void incremental_withAnotherBackupsManifestOrArchive_fails_andDeletedFilesStayDeleted() throws Exception {
        Path config = config("[local]");
        Path share = dir.resolve("share");
        backup(config, "full");
        Cli.write(share, "first.txt", "1\n");
        String i1 = backup(config, "incremental");
        Files.delete(share.resolve("first.txt"));
        Cli.write(share, "second.txt", "2\n");
        String i2 = backup(config, "incremental");
        Map<String, String> atI2 = Cli.tree(share);

        Path good = dir.resolve("good");
        Cli.Result ok = Cli.on(config, "restore", i2, "--to", good.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(Cli.tree(good)).isEqualTo(atI2);

        Files.copy(object("repo", i2, "manifest.jsonl.zst"), dir.resolve("saved-manifest"));
        swap("repo", i1, i2, "manifest.jsonl.zst");
        Cli.Result r = Cli.on(config, "restore", i2, "--to", dir.resolve("out").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains(i2 + "/manifest.jsonl.zst");
        assertThat(dir.resolve("out/first.txt")).doesNotExist();

        Files.copy(dir.resolve("saved-manifest"), object("repo", i2, "manifest.jsonl.zst"),
                StandardCopyOption.REPLACE_EXISTING);
        swap("repo", i1, i2, "data.tar.zst");
        Path out2 = dir.resolve("out2");
        Cli.Result r2 = Cli.on(config, "restore", i2, "--to", out2.toString());
        assertThat(r2.code()).as(r2.toString()).isEqualTo(1);
        assertThat(r2.out()).contains(i2 + "/data.tar.zst");
        assertThat(out2.resolve("first.txt")).doesNotExist();
        assertThat(out2.resolve("second.txt")).doesNotExist();
    }

    @Test
    void corruptManifestOnOneCopy_restoresFromTheIntactCopy_namingTheOneGivenUp() throws Exception {
        Path config = config("[local, offsite]");
        String a = backup(config, "full");
        Map<String, String> atA = Cli.tree(dir.resolve("share"));
        Cli.write(dir.resolve("share"), "only-in-b.txt", "b\n");
        String b = backup(config, "full");
        swap("repo", b, a, "manifest.jsonl.zst");

        Path out = dir.resolve("out");
        Cli.Result r = Cli.on(config, "restore", a, "--to", out.toString(), "--json");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(r.json().get("notes").toString()).contains("copy on local not used").contains("manifest.jsonl.zst");
        assertThat(Cli.tree(out)).isEqualTo(atA);

        Cli.Result text = Cli.on(config, "restore", a, "--to", dir.resolve("out-text").toString());
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).contains("copy on local not used").contains("manifest.jsonl.zst");
    }

    @Test
    void corruptArchiveOnOneCopy_restoresFromTheIntactCopy_overWhatTheFirstCopyWrote() throws Exception {
        Path config = config("[local, offsite]");
        String a = backup(config, "full");
        Path data = object("repo", a, "data.tar.zst");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length - 40] ^= 1; // near the end: some files are written from this copy first
        Files.write(data, bytes);

        Path out = dir.resolve("out");
        Cli.Result r = Cli.on(config, "restore", a, "--to", out.toString(), "--json");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(r.json().get("notes").toString()).contains("copy on local not used").contains("data.tar.zst");
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(dir.resolve("share")));
    }

    @Test
    void everyCopyCorrupt_failsNamingEachCopy() throws Exception {
        Path config = config("[local, offsite]");
        String a = backup(config, "full");
        Cli.write(dir.resolve("share"), "only-in-b.txt", "b\n");
        String b = backup(config, "full");
        swap("repo", b, a, "manifest.jsonl.zst");
        swap("offsite", b, a, "manifest.jsonl.zst");

        Path out = dir.resolve("out");
        Cli.Result r = Cli.on(config, "restore", a, "--to", out.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("no copy of backup " + a + " could be restored")
                .contains("copy on local not used").contains("copy on offsite not used");
        assertThat(Cli.tree(out)).isEmpty();
    }
}
