package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup can be checked and restored with sha256sum, zstd and tar alone, exactly as the README shows. */
class ManualRestoreIT {
    @TempDir
    Path dir;

    @Test
    void backup_isRestorableWithoutLifeboat() throws Exception {
        Path config = Cli.install(dir, "");
        Path share = dir.resolve("share");
        Cli.share(share);
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        Path out = Files.createDirectories(dir.resolve("out"));

        Shell check = sh(dir.resolve("repo"), "cd backups/share/" + id + " && sha256sum -c SHA256SUMS");
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output()).contains("data.tar.zst: OK").contains("manifest.jsonl.zst: OK");

        Shell extract = sh(dir.resolve("repo/backups/share/" + id), "set -o pipefail; zstd -dc data.tar.zst | tar -xpf - -C "
                + out);
        assertThat(extract.code()).as(extract.output()).isZero();
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(share));
    }

    @Test
    void incrementalChain_isRestorableWithoutLifeboat_byReadmesScript_andDeletedFilesStayDeleted() throws Exception {
        Path config = Cli.install(dir, "");
        Path share = dir.resolve("share");
        Cli.share(share);
        Cli.write(share, "staff/old/alt.txt", "old\n");
        Cli.write(share, "students/7a/abgabe.txt", "v1\n");
        assertThat(Cli.on(config, "backup", "share", "--level", "full").code()).isZero();
        Files.delete(share.resolve("staff/old/alt.txt"));
        Files.delete(share.resolve("staff/old"));
        Files.delete(share.resolve("students/7a/empty.txt"));
        Cli.write(share, "students/7a/kurz.txt", "added, then deleted\n");
        assertThat(Cli.on(config, "backup", "share", "--level", "incremental").code()).isZero();
        Files.delete(share.resolve("students/7a/kurz.txt"));
        Cli.write(share, "students/7a/abgabe.txt", "v2\n");
        Cli.write(share, "students/7a/neu.txt", "neu\n");
        Cli.Result last = Cli.on(config, "backup", "share", "--level", "incremental", "--json");
        assertThat(last.code()).as(last.toString()).isZero();
        assertThat(last.json().get("level").asText()).isEqualTo("incremental");
        String id = last.json().get("id").asText();
        Path out = dir.resolve("by-hand");

        Shell restore = sh(dir, readmeChainScript(dir.resolve("repo/backups/share"), id, out));

        assertThat(restore.code()).as(restore.output()).isZero();
        assertThat(out.resolve("staff/old")).doesNotExist();
        assertThat(out.resolve("students/7a/kurz.txt")).doesNotExist();
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(share));
    }

    /** README's by-hand chain restore block, with this test's repository, backup and target in its first lines. */
    static String readmeChainScript(Path repo, String id, Path out) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        int marker = readme.indexOf("<!-- by-hand chain restore");
        assertThat(marker).as("README's by-hand chain restore block").isNotNegative();
        int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
        String script = readme.substring(start, readme.indexOf("```", start));
        assertThat(script).contains("repo=/srv/lifeboat/repo/backups/staff-share\n").contains("out=/srv/restore\n")
                .contains("id=20261130T010000Z-9c1d");
        return script.replace("repo=/srv/lifeboat/repo/backups/staff-share\n", "repo='" + repo + "'\n")
                .replace("out=/srv/restore\n", "out='" + out + "'\n")
                .replace("id=20261130T010000Z-9c1d", "id=" + id);
    }

    record Shell(int code, String output) {
    }

    static Shell sh(Path cwd, String script) throws Exception {
        Process p = new ProcessBuilder(List.of("bash", "-c", script)).directory(cwd.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Shell(p.exitValue(), output);
    }
}
