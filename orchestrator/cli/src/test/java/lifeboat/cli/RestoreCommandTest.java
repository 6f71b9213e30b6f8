package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void restore_nonEmptyTarget_refusedWithoutForce_acceptedWithForce() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("already-here.txt"), "x");

        Cli.Result refused = Cli.on(config, "restore", id, "--to", target.toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains(target.toString()).contains("not empty").contains("--force");
        assertThat(target.resolve("staff")).doesNotExist();

        Cli.Result forced = Cli.on(config, "restore", id, "--to", target.toString(), "--force");
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(target.resolve("staff/HB/noten-7a.csv")).hasContent("name;note\nanna;2");
        assertThat(target.resolve("already-here.txt")).exists();
    }

    @Test
    void restore_bySourceName_restoresTheNewestGoodBackup() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        assertThat(Cli.on(config, "backup", "share").code()).isZero();
        Cli.write(dir.resolve("share"), "students/7a/neu.txt", "neu\n");
        assertThat(Cli.on(config, "backup", "share", "--verify").code()).isZero();
        Cli.Result r = Cli.on(config, "restore", "share", "--to", dir.resolve("out").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Cli.tree(dir.resolve("out"))).isEqualTo(Cli.tree(dir.resolve("share")));
    }

    @Test
    void restore_forceDelete_removesWhatTheBackupLacks() throws Exception {
        Path config = Cli.install(dir, "");
        Path share = dir.resolve("share");
        Cli.share(share);
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        Path target = dir.resolve("target");
        assertThat(Cli.on(config, "restore", id, "--to", target.toString()).code()).isZero();
        Cli.write(target, "README-RANSOM.txt", "pay\n");
        Cli.write(target, "students/7a/locked/anna.md.locked", "x\n");

        Cli.Result kept = Cli.on(config, "restore", id, "--to", target.toString(), "--force");
        assertThat(kept.code()).as(kept.toString()).isZero();
        assertThat(target.resolve("README-RANSOM.txt")).exists();

        Cli.Result r = Cli.on(config, "restore", id, "--to", target.toString(), "--force", "--delete");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("removed 2 files and 1 directories");
        assertThat(Cli.tree(target)).isEqualTo(Cli.tree(share));
    }

    @Test
    void restore_pathMatchingNothing_exitsOneSayingSo() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        assertThat(Cli.on(config, "backup", "share").code()).isZero();
        assertThat(Cli.on(config, "verify", "share", "--mode", "full").code()).isZero();
        Cli.Result none = Cli.on(config, "restore", "share", "--to", dir.resolve("none").toString(), "--path", "nosuch/**");
        assertThat(none.code()).as(none.toString()).isEqualTo(1);
        assertThat(none.err()).contains("matches --path 'nosuch/**'");
        Cli.Result some = Cli.on(config, "restore", "share", "--to", dir.resolve("some").toString(), "--path", "staff/**");
        assertThat(some.code()).as(some.toString()).isZero();
        assertThat(dir.resolve("some/staff/HB/noten-7a.csv")).exists();
    }
}
