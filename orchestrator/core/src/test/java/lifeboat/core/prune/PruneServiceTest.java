package lifeboat.core.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.Database;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.testing.LockedLocalPlugin;
import lifeboat.core.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune on real backup chains, with the backups' start times set to a fixed calendar afterwards. */
class PruneServiceTest {
    private static final Instant DAY1 = Instant.parse("2026-01-05T01:00:00Z");

    @TempDir
    Path dir;

    private Path config(String targets, String retention) throws IOException {
        Trees.write(dir.resolve("share"), "staff/noten.csv", "anna;2\n");
        Path config = dir.resolve("lifeboat.yaml");
        Files.writeString(config, """
                dataDir: ./var
                timeZone: Europe/Berlin
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: vault
                    type: locked-local
                    path: ./vault
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [%s]
                """.formatted(targets) + retention.indent(4));
        return config;
    }

    private Lifeboat open(Path config) throws Exception {
        PluginRegistry plugins = PluginRegistry.load();
        return Lifeboat.open(new ConfigLoader(plugins, Map.<String, String>of()::get).load(config), plugins);
    }

    /** Makes one backup per level given, each verified in full unless listed in {@code unverified}. */
    private List<String> backups(Path config, List<Level> levels, List<Integer> unverified) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Lifeboat lb = open(config)) {
            for (int i = 0; i < levels.size(); i++) {
                Trees.write(dir.resolve("share"), "staff/day" + i + ".txt", "day " + i + "\n");
                String id = lb.backups().backup("share", levels.get(i), Progress.NONE, Attempt.BY_HAND).id();
                ids.add(id);
                if (!unverified.contains(i)) {
                    BackupRecord b = lb.inventory().require(id);
                    assertThat(lb.verifier().verify(b, VerifyMode.FULL, 0, null, Progress.NONE))
                            .allMatch(r -> r.ok());
                }
            }
        }
        // the fixed calendar: backup i started on day i+1 at 01:00 UTC
        try (Connection c = Database.connect("jdbc:h2:file:" + dir.resolve("var/catalog"));
                PreparedStatement ps = c.prepareStatement("update backups set started_at = ? where id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setTimestamp(1, Timestamp.from(DAY1.plus(i, ChronoUnit.DAYS)));
                ps.setString(2, ids.get(i));
                ps.executeUpdate();
            }
        }
        return ids;
    }

    private static Map<String, Decision> on(PruneReport r, String target) {
        return r.sources().get(0).decisions().stream().filter(d -> d.target().equals(target))
                .collect(Collectors.toMap(Decision::backupId, d -> d));
    }

    private Path backupDir(String repo, String id) {
        return dir.resolve(repo).resolve(RepositoryLayout.backupPrefix("share", id));
    }

    @Test
    void twoTargets_eachWithItsOwnRules_keepWholeChains_andDryRunRemovesNothing() throws Exception {
        Path config = config("local, vault", """
                retention:
                  keepLast: 2
                  targets:
                    vault: {keepWithin: 5d}
                """);
        List<String> ids = backups(config, List.of(Level.FULL, Level.INCREMENTAL, Level.INCREMENTAL, Level.FULL,
                Level.INCREMENTAL, Level.INCREMENTAL), List.of());
        try (Lifeboat lb = open(config)) {
            PruneReport dry = lb.pruner().prune(List.of("share"), null, true);
            Map<String, Decision> local = on(dry, "local");
            assertThat(local.get(ids.get(0)).verdict()).isEqualTo(Verdict.REMOVE);
            assertThat(local.get(ids.get(1)).verdict()).isEqualTo(Verdict.REMOVE);
            assertThat(local.get(ids.get(2)).verdict()).isEqualTo(Verdict.REMOVE);
            assertThat(local.get(ids.get(3)).verdict()).isEqualTo(Verdict.KEEP);
            assertThat(local.get(ids.get(3)).reason()).contains("needed by " + ids.get(4) + " (incremental)");
            assertThat(local.get(ids.get(4)).reason()).contains("keepLast 2");
            assertThat(local.get(ids.get(5)).reason()).contains("keepLast 2").contains("latest good");
            // 5 days before the newest (day 6): day 1 is not within, but the kept incrementals of day 2 and 3 need it
            Map<String, Decision> vault = on(dry, "vault");
            assertThat(vault.values()).allMatch(d -> d.verdict() == Verdict.KEEP);
            assertThat(vault.get(ids.get(0)).reason()).contains("needed by " + ids.get(1));
            assertThat(dry.freedBytes().get("local")).isPositive();
            assertThat(dry.freedBytes().get("vault")).isZero();
            assertThat(backupDir("repo", ids.get(0)).resolve(RepositoryLayout.METADATA)).exists();
            assertThat(lb.inventory().copies(ids.get(0))).hasSize(2);

            PruneReport real = lb.pruner().prune(List.of("share"), null, false);
            assertThat(real.ok()).isTrue();
            assertThat(on(real, "local").get(ids.get(0)).removed()).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(backupDir("repo", ids.get(i))).doesNotExist();
                assertThat(backupDir("vault", ids.get(i)).resolve(RepositoryLayout.METADATA)).exists();
                // one copy left: still a backup, not pruned
                assertThat(lb.inventory().require(ids.get(i)).status()).isEqualTo(BackupStatus.COMPLETE);
                assertThat(lb.inventory().copies(ids.get(i))).extracting(c -> c.storage()).containsExactly("vault");
            }
            assertThat(backupDir("repo", ids.get(3)).resolve(RepositoryLayout.METADATA)).exists();
            // a copy job does not bring the pruned copies back
            assertThat(lb.copies().copy("vault", "local", List.of("share"), Progress.NONE)).isEmpty();
        }
    }

    @Test
    void lastGoodIsOld_isKept_objectLockIsSkipped_thenPrunedWithHistory() throws Exception {
        Path config = config("vault", "retention: {keepLast: 1}\n");
        List<String> ids = backups(config, List.of(Level.FULL, Level.FULL, Level.FULL), List.of());
        // the newest backup fails its verification: the older good one must stay
        Files.writeString(backupDir("vault", ids.get(2)).resolve(RepositoryLayout.DATA), "bit rot");
        LockedLocalPlugin.LOCKED.put(ids.get(0), Instant.now().plus(30, ChronoUnit.DAYS));
        try (Lifeboat lb = open(config)) {
            assertThat(lb.verifier().verify(lb.inventory().require(ids.get(2)), VerifyMode.FULL, 0, null,
                    Progress.NONE)).noneMatch(r -> r.ok());
            PruneReport r = lb.pruner().prune(List.of("share"), null, false);
            Map<String, Decision> vault = on(r, "vault");
            assertThat(vault.get(ids.get(2)).reason()).isEqualTo("keepLast 1");
            assertThat(vault.get(ids.get(1)).verdict()).isEqualTo(Verdict.KEEP);
            assertThat(vault.get(ids.get(1)).reason()).contains("latest good backup");
            assertThat(vault.get(ids.get(0)).verdict()).isEqualTo(Verdict.LOCKED);
            assertThat(vault.get(ids.get(0)).reason()).contains("Object Lock");
            assertThat(r.ok()).isTrue();
            assertThat(backupDir("vault", ids.get(0)).resolve(RepositoryLayout.METADATA)).exists();

            LockedLocalPlugin.LOCKED.remove(ids.get(0));
            PruneReport again = lb.pruner().prune(List.of("share"), null, false);
            assertThat(on(again, "vault").get(ids.get(0)).removed()).isTrue();
            BackupRecord gone = lb.inventory().require(ids.get(0));
            assertThat(gone.status()).isEqualTo(BackupStatus.PRUNED);
            assertThat(lb.inventory().copies(ids.get(0))).isEmpty();
            assertThat(lb.pruner().history("share")).singleElement().satisfies(p -> {
                assertThat(p.backupId()).isEqualTo(ids.get(0));
                assertThat(p.reason()).contains("no rule keeps it");
                assertThat(p.prunedAt()).isNotNull();
            });
        } finally {
            LockedLocalPlugin.LOCKED.remove(ids.get(0));
        }
    }

    @Test
    void lastBackupFailed_withOneGoodLeft_nothingIsRemoved() throws Exception {
        Path config = config("local", "retention: {keepLast: 1}\n");
        List<String> ids = backups(config, List.of(Level.FULL, Level.FULL, Level.FULL), List.of(0, 2));
        try (Connection c = Database.connect("jdbc:h2:file:" + dir.resolve("var/catalog"));
                PreparedStatement ps = c.prepareStatement("insert into backups (id, source, source_type, kind, level,"
                        + " status, started_at, owner, error) values ('i16-failed', 'share', 'files', 'files', 'full',"
                        + " 'failed', ?, 'x:1', 'disk full')")) {
            ps.setTimestamp(1, Timestamp.from(DAY1.plus(5, ChronoUnit.DAYS)));
            ps.executeUpdate();
        }
        try (Lifeboat lb = open(config)) {
            Map<String, Decision> local = on(lb.pruner().prune(List.of("share"), null, false), "local");
            assertThat(local.get(ids.get(0)).verdict()).isEqualTo(Verdict.KEEP);
            assertThat(local.get(ids.get(0)).reason()).contains("last backup (i16-failed) failed");
            assertThat(backupDir("repo", ids.get(0))).exists();
        }
    }

    @Test
    void interruptedRemoval_neverLooksWhole_andTheNextPruneFinishesIt() throws Exception {
        Path config = config("local", "retention: {keepLast: 1}\n");
        List<String> ids = backups(config, List.of(Level.FULL, Level.FULL), List.of());
        // a prune killed after marking the copy and deleting backup.json, before the other objects went
        try (Connection c = Database.connect("jdbc:h2:file:" + dir.resolve("var/catalog"))) {
            c.createStatement().executeUpdate("update backup_copies set status = 'removing' where backup_id = '"
                    + ids.get(0) + "'");
            c.createStatement().executeUpdate("insert into pruned_copies (backup_id, storage, reason, stored_bytes,"
                    + " requested_at) values ('" + ids.get(0) + "', 'local', 'keepLast 1', 1, current_timestamp)");
        }
        Files.delete(backupDir("repo", ids.get(0)).resolve(RepositoryLayout.METADATA));
        try (Lifeboat lb = open(config)) {
            // nothing reads a copy being removed
            assertThat(lb.grader().latestGood("share", null).id()).isEqualTo(ids.get(1));
            PruneReport r = lb.pruner().prune(List.of("share"), null, false);
            assertThat(r.sources().get(0).finished()).containsExactly(ids.get(0) + " on local");
            assertThat(backupDir("repo", ids.get(0))).doesNotExist();
            assertThat(lb.inventory().require(ids.get(0)).status()).isEqualTo(BackupStatus.PRUNED);
            assertThat(on(r, "local")).containsOnlyKeys(ids.get(1));
        }
    }

    @Test
    void aPolicyThatKeepsNothing_isRefusedByName() throws Exception {
        Path config = config("local, vault", """
                retention:
                  keepDaily: 7
                  targets:
                    vault: {keepMonthly: 0}
                """);
        assertThatThrownBy(() -> open(config)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("sources[0].retention.targets.vault")
                        .contains("keeps nothing"));
    }
}
