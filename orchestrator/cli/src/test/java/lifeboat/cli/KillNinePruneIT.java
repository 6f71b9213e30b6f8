package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prune killed with SIGKILL in the middle of its removals leaves no half-removed backup that looks whole (every
 * backup.json left has all its objects; every copy the catalog calls complete has its backup.json), and the next
 * prune finishes the removal it was in.
 */
class KillNinePruneIT {
    /** Synthetic nightly backups before the real one: enough that the child is still removing when it is killed. */
    private static final int SYNTHETIC = 150;

    @TempDir
    Path dir;

    Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedPrune_leavesNothingHalfRemovedThatLooksWhole_andTheNextPruneFinishes() throws Exception {
        Path config = Cli.install(dir, "retention: {keepLast: 2}\n");
        Cli.share(dir.resolve("share"));
        Cli.Result backup = Cli.on(config, "backup", "share", "--json");
        assertThat(backup.code()).as(backup.toString()).isZero();
        String realId = backup.json().get("id").asText();
        Path backups = dir.resolve("repo/backups/share");
        List<String> synthetic = synthesize(realId, backups);

        process = KillNineIT.start(dir, "prune", List.of(), config, "prune", "share");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> !process.isAlive() || dirs(backups).size() <= SYNTHETIC - 5);
        assertThat(process.isAlive()).as("the prune ended before it could be killed: "
                + Files.readString(dir.resolve("prune.err"))).isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // nothing half-removed looks whole
        for (Path d : dirs(backups)) {
            if (Files.exists(d.resolve("backup.json"))) {
                for (String line : Files.readAllLines(d.resolve("SHA256SUMS"))) {
                    String name = line.substring(line.indexOf("  ") + 2);
                    assertThat(d.resolve(name)).as("backup.json is there, so " + name + " must be").exists();
                }
            }
        }
        JsonNode listed = Cli.on(config, "list", "--json").json();
        int removing = 0;
        for (JsonNode b : listed) {
            for (JsonNode c : b.get("copies")) {
                if (c.asText().equals("local:complete")) {
                    assertThat(backups.resolve(b.get("id").asText()).resolve("backup.json")).exists();
                } else {
                    removing++;
                }
            }
        }
        assertThat(removing).as("copies marked removing but not yet gone at the kill").isPositive();

        Cli.Result again = Cli.on(config, "prune", "share", "--json");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.json().get("sources").get(0).get("finished").size()).isEqualTo(removing);
        assertThat(dirs(backups)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(realId, synthetic.get(0));
        JsonNode all = Cli.on(config, "list", "--all", "--json").json();
        assertThat(all).hasSize(SYNTHETIC + 1);
        assertThat(Cli.on(config, "list", "--json").json()).hasSize(2);
        assertThat(all).filteredOn(b -> b.get("status").asText().equals("pruned")).hasSize(SYNTHETIC - 1)
                .allSatisfy(b -> assertThat(b.get("prunedBy").asText()).contains("no rule keeps it"));

        Path out = dir.resolve("out");
        Cli.Result restore = Cli.on(config, "restore", realId, "--to", out.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(Cli.tree(out)).isEqualTo(Cli.tree(dir.resolve("share")));
    }

    /**
     * Adds {@link #SYNTHETIC} full backups, one a night before the real one: copies of its directory on storage and
     * of its rows in the catalog (no Lifeboat process has the catalog open now). Newest first.
     */
    private List<String> synthesize(String realId, Path backups) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("var/catalog"));
                Statement st = c.createStatement()) {
            Instant realStart;
            try (var rs = st.executeQuery("select started_at from backups where id = '" + realId + "'")) {
                rs.next();
                realStart = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            try (PreparedStatement backup = c.prepareStatement("insert into backups (id, source, source_type, kind,"
                    + " level, parent_id, full_id, status, started_at, finished_at, files, bytes, stored_bytes, owner,"
                    + " details) select ?, source, source_type, kind, 'full', null, ?, status, ?, ?, files, bytes,"
                    + " stored_bytes, owner, details from backups where id = ?");
                    PreparedStatement objects = c.prepareStatement("insert into backup_objects (backup_id, storage,"
                            + " object_key, size, sha256) select ?, storage, replace(object_key, ?, ?), size, sha256"
                            + " from backup_objects where backup_id = ?");
                    PreparedStatement copy = c.prepareStatement("insert into backup_copies (backup_id, storage,"
                            + " status, committed_at) select ?, storage, status, committed_at from backup_copies"
                            + " where backup_id = ?")) {
                for (int k = 1; k <= SYNTHETIC; k++) {
                    String id = "i16-synth-" + String.format("%04d", SYNTHETIC - k);
                    Instant start = realStart.minus(k, ChronoUnit.DAYS);
                    backup.setString(1, id);
                    backup.setString(2, id);
                    backup.setObject(3, start.atOffset(ZoneOffset.UTC));
                    backup.setObject(4, start.plusSeconds(60).atOffset(ZoneOffset.UTC));
                    backup.setString(5, realId);
                    backup.executeUpdate();
                    objects.setString(1, id);
                    objects.setString(2, realId);
                    objects.setString(3, id);
                    objects.setString(4, realId);
                    objects.executeUpdate();
                    copy.setString(1, id);
                    copy.setString(2, realId);
                    copy.executeUpdate();
                    Path to = Files.createDirectories(backups.resolve(id));
                    try (Stream<Path> files = Files.list(backups.resolve(realId))) {
                        for (Path f : files.toList()) {
                            Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static List<Path> dirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).toList();
        }
    }
}
