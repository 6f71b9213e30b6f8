package lifeboat.core.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.CopyState;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.catalog.PruneStore;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.model.BackupKind;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.CheckStatus;
import lifeboat.core.model.CopyStatus;
import lifeboat.core.model.Level;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.model.VerifyStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grades, latest-good answers and copy states on random catalogs (failed, partial, running and pruned backups;
 * copies replaced, being removed or on a target without a copy; verifications of every mode and status with equal
 * finish times; rolling verifications that together reach every object; trials passed, failed and running) are
 * what the plain reading of every row gives ({@link ReferenceGrades}).
 */
class GradingEquivalenceTest {
    private static final List<String> SOURCES = List.of("a", "b", "c");
    /** Mixed case: H2 and PostgreSQL order these differently, and the copies' order breaks ties. */
    private static final List<String> TARGETS = List.of("local", "offsite", "USB");
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    private String url;
    protected Database db;
    protected BackupStore backups;
    protected VerificationStore verifications;
    protected TrialStore trials;
    protected PruneStore prune;

    /** A new, empty catalog. */
    protected String newCatalogUrl() throws Exception {
        return "jdbc:h2:file:" + dir.resolve("catalog");
    }

    @BeforeEach
    void open() throws Exception {
        url = newCatalogUrl();
        db = Database.open(url);
        backups = new BackupStore(db);
        verifications = new VerificationStore(db, backups);
        trials = new TrialStore(db);
        prune = new PruneStore(db);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        dropCatalog();
    }

    /** Removes the catalog {@link #newCatalogUrl} made, where the temporary directory does not. */
    protected void dropCatalog() throws Exception {
    }

    @ParameterizedTest
    @ValueSource(longs = {20261130L, 7L, 42L})
    void randomCatalogs_gradeAsEveryRowSays(long seed) throws Exception {
        List<Instant> times = generate(new Random(seed), 60);
        assertCoversTheRules();
        assertSameAsReference(times);
        assertMigrationKeepsTheSameStates();
    }

    /** The random catalog reaches every branch of the rules, or the comparison proves little. */
    protected void assertCoversTheRules() throws Exception {
        List<ReferenceGrades.Graded> all = new ArrayList<>();
        ReferenceGrades reference = new ReferenceGrades(backups, verifications, trials);
        for (String source : SOURCES) {
            all.addAll(reference.assess(source, true));
        }
        assertThat(all).extracting(ReferenceGrades.Graded::grade).contains(Grade.NONE, Grade.COMPLETE, Grade.VERIFIED,
                Grade.RESTORABLE);
        assertThat(all).extracting(g -> String.valueOf(g.reason()).replaceAll("[ :].*", "")).contains("corrupt",
                "never", "trial", "partial", "failed");
        assertThat(all).filteredOn(g -> g.reason() != null && g.reason().contains("; never verified on")).isNotEmpty();
        assertThat(all).filteredOn(g -> g.storage() != null && g.verificationId() == null)
                .as("good by rolling verifications alone").isNotEmpty();
        List<TrialRecord> tried = trials.of(null);
        assertThat(all).filteredOn(g -> g.trialId() != null && g.grade() == Grade.RESTORABLE)
                .filteredOn(g -> tried.stream().noneMatch(t -> t.id() == g.trialId()
                        && t.backupId().equals(g.backup())))
                .as("restorable through a later backup's trial").isNotEmpty();
    }

    protected void assertSameAsReference(List<Instant> times) throws Exception {
        ReferenceGrades reference = new ReferenceGrades(backups, verifications, trials);
        BackupGrader grader = new BackupGrader(backups, trials, false);
        // a listing of every source: its rows read once, graded per source
        Map<String, List<CopyState>> everyCopy = backups.copyStates(null);
        Map<String, List<BackupRecord>> bySource = new HashMap<>();
        backups.backups(null).forEach(b -> bySource.computeIfAbsent(b.source(), k -> new ArrayList<>()).add(b));
        Map<String, List<TrialRecord>> tried = new HashMap<>();
        trials.of(null).forEach(t -> tried.computeIfAbsent(t.source(), k -> new ArrayList<>()).add(t));
        int mostSkipped = 0;
        for (String source : SOURCES) {
            assertThat(checks(backups.copyStates(source))).as("copy states of %s", source)
                    .isEqualTo(reference.copyChecks(source));
            Map<String, List<CopyCheck>> ofSource = new HashMap<>(checks(everyCopy));
            ofSource.keySet().retainAll(bySource.get(source).stream().map(BackupRecord::id).toList());
            assertThat(ofSource).as("copy states of %s among all", source).isEqualTo(reference.copyChecks(source));
            assertThat(grader.assess(bySource.get(source), everyCopy, tried.getOrDefault(source, List.of()), true)
                    .stream().map(ReferenceGrades::graded).toList()).as("grades of %s among all", source)
                    .isEqualTo(reference.assess(source, true));
            for (boolean needTrial : new boolean[] {false, true}) {
                assertThat(grader.assess(source, needTrial).stream().map(ReferenceGrades::graded).toList())
                        .as("grades of %s, requireTrial %s", source, needTrial)
                        .isEqualTo(reference.assess(source, needTrial));
                List<Instant> befores = new ArrayList<>(times);
                befores.add(null);
                for (Instant before : befores) {
                    ReferenceGrades.Latest expected = reference.latestGood(source, before, needTrial);
                    assertThat(ReferenceGrades.Latest.of(grader.latestGood(source, before, needTrial)))
                            .as("latest good of %s before %s, requireTrial %s", source, before, needTrial)
                            .isEqualTo(expected);
                    mostSkipped = Math.max(mostSkipped, expected.skipped().size());
                }
            }
        }
        assertThat(mostSkipped).as("latest-good read past its first few backups").isGreaterThan(16);
    }

    private static Map<String, List<CopyCheck>> checks(Map<String, List<CopyState>> states) {
        Map<String, List<CopyCheck>> out = new HashMap<>();
        states.forEach((id, copies) -> out.put(id, copies.stream().map(CopyCheck::of).toList()));
        return out;
    }

    /** Migration V14 fills in, for a catalog written before it, what the stores keep on each copy's row. */
    protected void assertMigrationKeepsTheSameStates() throws Exception {
        Map<String, List<CopyState>> kept = backups.copyStates(null);
        String vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        String script;
        try (InputStream in = Database.class.getResourceAsStream("/db/migration/" + vendor + "/V14__copy_states.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = Database.connect(Database.effectiveUrl(url)); Statement st = c.createStatement()) {
            st.executeUpdate("update backup_copies set newest_id = null, newest_at = null, newest_mode = null,"
                    + " newest_status = null, newest_findings = null, failed_id = null, failed_at = null,"
                    + " failed_mode = null, failed_findings = null, proof_id = null, proof_at = null, proof_mode = null,"
                    + " proof_findings = null, objects_verified = false");
            assertThat(backups.copyStates(null)).isNotEqualTo(kept);
            int updates = 0;
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";\\s*\\n")) {
                if (sql.strip().startsWith("update")) {
                    st.executeUpdate(sql);
                    updates++;
                }
            }
            assertThat(updates).isEqualTo(2);
        }
        assertThat(backups.copyStates(null)).isEqualTo(kept);
    }

    /**
     * Fills the catalog through the stores, as Lifeboat writes it; returns times worth asking latest-good about.
     */
    protected List<Instant> generate(Random r, int perSource) throws Exception {
        List<Instant> times = new ArrayList<>();
        for (String source : SOURCES) {
            Instant at = T0;
            String full = null;
            List<String> done = new ArrayList<>();
            for (int i = 0; i < perSource; i++) {
                // equal start times now and then: the id decides the order
                at = at.plus(Duration.ofMinutes(r.nextInt(5) == 0 ? 0 : 30 + r.nextInt(600)));
                String id = String.format("%s-%04d-%s", at.toString().replaceAll("[-:]", ""), i, source);
                BackupKind kind = source.equals("c") && r.nextBoolean() ? BackupKind.DUMP : BackupKind.FILES;
                Level level = full == null || r.nextInt(5) == 0 ? Level.FULL : Level.INCREMENTAL;
                if (level == Level.FULL) {
                    full = id;
                }
                String fullId = r.nextInt(15) == 0 ? null : full;
                backups.insertBackup(new BackupRecord(id, source, "files", kind, level, null, fullId,
                        BackupStatus.RUNNING, at, null, 0, 0, 0, "test:1", null, null));
                int fate = r.nextInt(20);
                if (fate == 0) {
                    continue; // still running
                }
                BackupStatus status = fate == 1 ? BackupStatus.FAILED : fate == 2 ? BackupStatus.PARTIAL
                        : BackupStatus.COMPLETE;
                Instant finished = at.plusSeconds(60);
                List<ObjectRecord> objects = new ArrayList<>();
                List<CopyRecord> copies = new ArrayList<>();
                int keys = 1 + r.nextInt(3);
                for (String target : TARGETS) {
                    if (status == BackupStatus.FAILED || r.nextInt(3) == 0) {
                        continue;
                    }
                    for (int k = 0; k < keys; k++) {
                        objects.add(new ObjectRecord(id, target, key(source, id, k), 100, "0".repeat(64), null));
                    }
                    copies.add(new CopyRecord(id, target, CopyStatus.COMPLETE, finished));
                }
                backups.finishBackup(new BackupRecord(id, source, "files", kind, level, null, fullId, status, at,
                        finished, 10, 1000, 100, "test:1", status == BackupStatus.FAILED ? "disk full" : null, null),
                        objects, copies);
                done.add(id);
                times.add(at);
                if (r.nextInt(8) == 0) {
                    times.add(at.minusSeconds(1));
                }
                verify(r, id, keys, finished);
                if (r.nextInt(10) == 0 && !copies.isEmpty()) {
                    // the copy written again later (a copy job): older verifications do not describe it
                    String target = copies.get(r.nextInt(copies.size())).storage();
                    Instant again = finished.plusSeconds(300 + r.nextInt(3) * 100L);
                    List<ObjectRecord> fresh = new ArrayList<>();
                    for (int k = 0; k < keys; k++) {
                        fresh.add(new ObjectRecord(id, target, key(source, id, k), 100, "0".repeat(64), null));
                    }
                    backups.addCopy(new CopyRecord(id, target, CopyStatus.COMPLETE, again), fresh);
                    verify(r, id, keys, again.minusSeconds(100));
                }
                if (r.nextInt(3) == 0 && !done.isEmpty()) {
                    trial(r, source, done.get(r.nextInt(done.size())), at.plusSeconds(600));
                }
            }
            // prune: some copies being removed, some removed (a backup without copies turns pruned)
            for (String id : done) {
                if (r.nextInt(12) == 0) {
                    String target = TARGETS.get(r.nextInt(TARGETS.size()));
                    var marked = prune.markRemoving(List.of(new PruneStore.Removal(id, target, "no rule keeps it", 1)),
                            at);
                    if (!marked.isEmpty() && r.nextBoolean()) {
                        prune.removed(List.of(id), target, at.plusSeconds(1));
                    }
                }
            }
        }
        return times;
    }

    private static String key(String source, String id, int k) {
        return "backups/" + source + "/" + id + "/part-" + k;
    }

    /** Verifications of some of the backup's targets (held or not), finishing at equal times now and then. */
    private void verify(Random r, String id, int keys, Instant after) throws Exception {
        int n = r.nextInt(7);
        BackupRecord b = backups.backup(id).orElseThrow();
        for (int i = 0; i < n; i++) {
            String target = TARGETS.get(r.nextInt(TARGETS.size()));
            VerifyMode mode = VerifyMode.values()[r.nextInt(VerifyMode.values().length)];
            int s = r.nextInt(10);
            VerifyStatus status = s < 6 ? VerifyStatus.OK : s < 9 ? VerifyStatus.FAILED : VerifyStatus.KEY_MISMATCH;
            Instant finished = after.plusSeconds(r.nextInt(4) * 60L);
            List<String> verified = new ArrayList<>();
            if (status == VerifyStatus.OK && mode != VerifyMode.QUICK) {
                for (int k = 0; k < keys; k++) {
                    if (mode != VerifyMode.ROLLING || r.nextBoolean()) {
                        verified.add(key(b.source(), id, k));
                    }
                }
            }
            verifications.record(new VerificationRecord(0, id, target, mode, status, finished.minusSeconds(30), finished,
                    keys, 10, 100, status == VerifyStatus.FAILED ? 1 + r.nextInt(3) : 0), List.of(), verified);
        }
    }

    private void trial(Random r, String source, String backupId, Instant at) throws Exception {
        long id = trials.start(backupId, source, "/tmp/scratch", "test:1", at.minusSeconds(r.nextInt(3) * 3600L));
        int s = r.nextInt(10);
        if (s == 0) {
            return; // still running
        }
        TrialStatus status = s < 7 ? TrialStatus.PASSED : TrialStatus.FAILED;
        List<TrialRecord.CheckRecord> checks = new ArrayList<>();
        if (status == TrialStatus.PASSED || r.nextBoolean()) {
            checks.add(new TrialRecord.CheckRecord("files-match-manifest", status == TrialStatus.PASSED
                    ? CheckStatus.PASSED : CheckStatus.FAILED, "3 files differ"));
        }
        trials.finish(id, status, at.plusSeconds(60), 60_000 + r.nextInt(1000), 1000, 0,
                status == TrialStatus.FAILED ? "restore failed" : null, checks);
    }
}
