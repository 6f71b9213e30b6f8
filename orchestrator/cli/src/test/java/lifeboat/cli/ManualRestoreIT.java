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
