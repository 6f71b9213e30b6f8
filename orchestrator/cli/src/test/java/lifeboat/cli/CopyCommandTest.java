package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies between targets: each backup on each listed target, and {@code copy} to catch a target up. */
class CopyCommandTest {
    @TempDir
    Path dir;

    private Path config(String storage) throws Exception {
        return Cli.installTwoTargets(dir, storage);
    }

    @Test
    void copy_bringsNewTargetUpToDateAndRestoreFallsBackToIt() throws Exception {
        Path config = config("[local]");
        assertThat(Cli.on(config, "backup", "share", "--level", "full").code()).isZero();
        Files.writeString(dir.resolve("share/staff/HB/neu.txt"), "neu\n");
        assertThat(Cli.on(config, "backup", "share").code()).isZero();

        Cli.Result c = Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.json()).hasSize(2);
        assertThat(c.json().get(0).get("status").asText()).isEqualTo("copied");
        assertThat(Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json").json()).isEmpty();

        Cli.Result list = Cli.on(config, "list", "--json");
        assertThat(list.json().get(1).get("copies").toString()).contains("local:complete").contains("offsite:complete");
        Cli.Result v = Cli.on(config, "verify", "share", "--mode", "full", "--target", "offsite", "--json");
        assertThat(v.code()).as(v.toString()).isZero();
        assertThat(v.json()).hasSize(2);
        assertThat(v.json().get(0).get("storage").asText()).isEqualTo("offsite");

        deleteTree(dir.resolve("repo"));
        Cli.Result r = Cli.on(config, "restore", "share", "--to", dir.resolve("restored").toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("storage").asText()).isEqualTo("offsite");
        assertThat(Cli.tree(dir.resolve("restored"))).isEqualTo(Cli.tree(dir.resolve("share")));
    }

    @Test
    void copy_carriesTheProofTheDestinationLacks() throws Exception {
        Path config = config("[local]");
        Cli.Result b = Cli.on(config, "backup", "share", "--verify", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(Cli.on(config, "copy", "--from", "local", "--to", "offsite").code()).isZero();
        List<Path> proof;
        try (Stream<Path> s = Files.list(dir.resolve("offsite/proof/share"))) {
            proof = s.toList();
        }
        assertThat(proof).singleElement().asString().contains("-verification-");
        assertThat(Files.readString(proof.get(0))).contains("\"storage\":\"local\"")
                .contains(b.json().get("id").asText());
        try (Stream<Path> s = Files.list(dir.resolve("repo/proof/share"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactly(proof.get(0).getFileName().toString());
        }
    }

    @Test
    void copy_refusesCorruptObjectAndLeavesNothingOnTheTarget() throws Exception {
        Path config = config("[local]");
        String id = Cli.on(config, "backup", "share", "--json").json().get("id").asText();
        Path data = dir.resolve("repo/backups/share/" + id + "/data.tar.zst");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 1;
        Files.write(data, bytes);

        Cli.Result c = Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json");
        assertThat(c.code()).isEqualTo(1);
        assertThat(c.json().get(0).get("error").asText()).contains("data.tar.zst").contains("not copied");
        assertThat(dir.resolve("offsite/backups/share/" + id)).doesNotExist();
        assertThat(Cli.on(config, "list", "--json").json().get(0).get("copies").toString()).doesNotContain("offsite");
    }

    @Test
    void sourceWithTwoTargets_landsOnBothInOnePass() throws Exception {
        Path config = config("[local, offsite]");
        Cli.Result b = Cli.on(config, "backup", "share", "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        for (String t : new String[] {"repo", "offsite"}) {
            assertThat(dir.resolve(t + "/backups/share/" + id + "/backup.json")).exists();
        }
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--json");
        assertThat(v.json()).hasSize(2);
        assertThat(v.code()).isZero();
    }

    @Test
    void copy_replacesObjectsWhoseVerificationFailed_andListAndShowSayEachCopysState() throws Exception {
        Path config = config("[local, offsite]");
        String id = Cli.on(config, "backup", "share", "--json").json().get("id").asText();
        assertThat(states(config)).isEqualTo("local=never-verified offsite=never-verified");
        assertThat(Cli.on(config, "list").out()).contains("local: never verified; offsite: never verified");
        assertThat(Cli.on(config, "verify", id, "--mode", "full").code()).isZero();
        assertThat(states(config)).isEqualTo("local=verified-good offsite=verified-good");

        Path data = dir.resolve("offsite/backups/share/" + id + "/data.tar.zst");
        byte[] good = Files.readAllBytes(data);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(data, bad);
        Cli.Result v = Cli.on(config, "verify", id, "--mode", "full", "--target", "offsite", "--json");
        assertThat(v.code()).as(v.toString()).isEqualTo(1);
        long failed = v.json().get(0).get("verificationId").asLong();
        assertThat(states(config)).isEqualTo("local=verified-good offsite=corrupt");
        assertThat(Cli.on(config, "list").out()).contains("offsite: corrupt (full verification " + failed + " at ");
        Cli.Result show = Cli.on(config, "show", id, "--json");
        assertThat(show.json().get("copyStates").get(1).get("health").asText()).isEqualTo("corrupt");
        assertThat(show.json().get("copyStates").get(1).get("verificationId").asLong()).isEqualTo(failed);

        Cli.Result c = Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json");
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.json()).hasSize(1);
        assertThat(c.json().get(0).get("status").asText()).isEqualTo("repaired");
        assertThat(c.json().get(0).get("objects").asInt()).isPositive();
        assertThat(Files.readAllBytes(data)).isEqualTo(good);
        assertThat(states(config)).isEqualTo("local=verified-good offsite=never-verified");
        assertThat(Cli.on(config, "copy", "--from", "local", "--to", "offsite", "--json").json()).isEmpty();

        assertThat(Cli.on(config, "verify", id, "--mode", "full", "--target", "offsite").code()).isZero();
        assertThat(states(config)).isEqualTo("local=verified-good offsite=verified-good");
    }

    /** Each copy's verification state of the only backup, as {@code list --json} gives it. */
    private static String states(Path config) throws Exception {
        Cli.Result list = Cli.on(config, "list", "--json");
        assertThat(list.code()).as(list.toString()).isZero();
        StringBuilder out = new StringBuilder();
        list.json().get(0).get("copyStates").forEach(c -> out.append(out.length() == 0 ? "" : " ")
                .append(c.get("storage").asText()).append('=').append(c.get("health").asText()));
        return out.toString();
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
