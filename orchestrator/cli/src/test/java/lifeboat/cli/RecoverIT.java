package lifeboat.cli;

import static lifeboat.cli.Sql.PG;
import static lifeboat.cli.Sql.MARIA;
import static lifeboat.cli.Sql.pg;
import static lifeboat.cli.Sql.maria;
import static lifeboat.cli.Sql.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat recover} on the real servers (PostgreSQL 127.0.0.1:5432 trust user postgres, MariaDB
 * 127.0.0.1:3306 root without password): a plan with a PostgreSQL database at priority 1 and a MariaDB database and
 * a file share at priority 2, all destroyed and brought back from their latest good backups.
 */
class RecoverIT {

    @TempDir
    Path dir;

    String pgDb;
    String mariaDb;
    Process child;

    @BeforeEach
    void databases() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        pgDb = "lifeboat_it_recover_sis_" + suffix;
        mariaDb = "lifeboat_it_recover_lib_" + suffix;
        pg("postgres", "create database " + pgDb);
        pg(pgDb, """
                create table students (id serial primary key, name text not null);
                create table grades (id serial primary key, student_id int not null references students(id),
                    subject text not null, score int not null);
                insert into students(name) values ('Anna Müller');
                insert into students(name) select 'student ' || g from generate_series(2, 200) g;
                insert into grades(student_id, subject, score)
                    select 1 + g % 200, (array['Mathe','Deutsch','Englisch'])[1 + g % 3], 1 + g % 6
                    from generate_series(1, 1000) g;
                """);
        maria("", "create database " + mariaDb + " character set utf8mb4 collate utf8mb4_unicode_ci");
        maria(mariaDb, "create table books (id int auto_increment primary key, title varchar(200) not null)");
        maria(mariaDb, "create table loans (id int auto_increment primary key, book_id int not null, student varchar(100))");
        maria(mariaDb, "insert into books(title) select concat('Buch ', seq) from seq_1_to_120");
        maria(mariaDb, "insert into loans(book_id, student) select 1 + seq % 120, concat('Schüler ', seq) from seq_1_to_400");
        Cli.share(dir.resolve("share"));
    }

    @AfterEach
    void drop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        pg("postgres", "drop database if exists " + pgDb + " with (force)");
        maria("", "drop database if exists " + mariaDb);
    }

    private boolean pgExists() throws SQLException {
        return !column(PG.formatted("postgres"), "select 1 from pg_database where datname = '" + pgDb + "'").isEmpty();
    }

    private boolean mariaExists() throws SQLException {
        return !column(MARIA.formatted(""), "select 1 from information_schema.schemata where schema_name = '" + mariaDb
                + "'").isEmpty();
    }

    /** Row counts and a content fingerprint of both databases. */
    private Map<String, String> data() throws SQLException {
        Map<String, String> out = new HashMap<>();
        out.put("students", column(PG.formatted(pgDb), "select count(*) from students").get(0));
        out.put("grades", column(PG.formatted(pgDb), "select count(*) from grades").get(0));
        out.put("grades-md5", column(PG.formatted(pgDb),
                "select md5(string_agg(id || ':' || student_id || ':' || subject || ':' || score, ',' order by id)) from grades")
                .get(0));
        out.put("anna", column(PG.formatted(pgDb), "select name from students where id = 1").get(0));
        out.put("books", column(MARIA.formatted(mariaDb), "select count(*) from books").get(0));
        out.put("loans", column(MARIA.formatted(mariaDb), "select count(*) from loans").get(0));
        out.put("loans-md5", column(MARIA.formatted(mariaDb),
                "select md5(group_concat(id, ':', book_id, ':', student order by id separator ',')) from loans").get(0));
        return out;
    }

    private Path config() throws Exception {
        return Cli.yaml().offsiteDir().postgres("sis", pgDb).mariadb("library", mariaDb).files()
                .plan("crash", 2, "[sis]", "[library, share]")
                .write(dir.resolve("lifeboat.yaml"));
    }

    private static String backup(Path config, String source) throws Exception {
        Cli.Result b = Cli.on(config, "backup", source, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    private static void verifyAll(Path config, int expectedExit) {
        Cli.Result v = Cli.on(config, "verify", "--all", "--mode", "full");
        assertThat(v.code()).as(v.toString()).isEqualTo(expectedExit);
    }

    private void destroyAll() throws Exception {
        pg("postgres", "drop database " + pgDb + " with (force)");
        maria("", "drop database " + mariaDb);
        deleteTree(dir.resolve("share"));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static JsonNode step(JsonNode doc, String source) {
        for (JsonNode s : doc.get("steps")) {
            if (s.get("source").asText().equals(source)) {
                return s;
            }
        }
        throw new AssertionError("no step for " + source + " in " + doc);
    }

    @Test
    void threeSourcesDestroyed_recoverRestoresThemInPriorityOrder() throws Exception {
        Path config = config();
        String sis = backup(config, "sis");
        String library = backup(config, "library");
        String share = backup(config, "share");
        verifyAll(config, 0);
        Cli.Result trial = Cli.on(config, "trial-restore", "sis");
        assertThat(trial.code()).as(trial.toString()).isZero();
        Map<String, String> before = data();
        Map<String, String> shareBefore = Cli.tree(dir.resolve("share"));

        destroyAll();

        // the dry run shows the plan and changes nothing
        Cli.Result dry = Cli.on(config, "recover", "--plan", "crash", "--dry-run", "--json");
        assertThat(dry.code()).as(dry.toString()).isZero();
        JsonNode plan = dry.json();
        assertThat(plan.get("runId").isNull()).as(plan.toString()).isTrue();
        assertThat(plan.get("steps")).extracting(s -> s.get("source").asText()).containsExactly("sis", "library", "share");
        assertThat(step(plan, "sis").get("backup").asText()).isEqualTo(sis);
        assertThat(step(plan, "sis").get("priority").asInt()).isEqualTo(1);
        assertThat(step(plan, "sis").get("expectedDurationMs").asLong()).isPositive();
        assertThat(step(plan, "library").get("backup").asText()).isEqualTo(library);
        assertThat(step(plan, "library").get("expectedDurationMs").isNull()).isTrue();
        assertThat(step(plan, "share").get("backup").asText()).isEqualTo(share);
        assertThat(step(plan, "share").get("priority").asInt()).isEqualTo(2);
        assertThat(step(plan, "share").get("target").asText()).isEqualTo(dir.resolve("share").toString());
        assertThat(step(plan, "library").get("target").asText()).contains(mariaDb);
        assertThat(step(plan, "library").get("dataLossMs").asLong()).isPositive();
        Cli.Result dryText = Cli.on(config, "recover", "--plan", "crash", "--dry-run");
        assertThat(dryText.out()).contains("sis").contains(sis).contains("unknown").contains(pgDb);
        assertThat(pgExists()).isFalse();
        assertThat(mariaExists()).isFalse();
        assertThat(dir.resolve("share")).doesNotExist();

        // without --yes and without a terminal it refuses
        Cli.Result refused = Cli.on(config, "recover", "--plan", "crash");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");
        assertThat(pgExists()).isFalse();

        Cli.Result r = Cli.on(config, "recover", "--plan", "crash", "--yes", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode run = r.json();
        assertThat(run.get("runId").asLong()).isPositive();
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("steps")).hasSize(3).allSatisfy(s -> {
            assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("checked");
            assertThat(s.get("startedAt").asText()).isNotBlank();
            assertThat(s.get("finishedAt").asText()).isNotBlank();
            assertThat(s.get("recoveryTimeMs").asLong()).isPositive();
            assertThat(s.get("dataLossMs").asLong()).isPositive();
        });
        assertThat(step(run, "sis").get("backup").asText()).isEqualTo(sis);
        Instant sisFinished = Instant.parse(step(run, "sis").get("finishedAt").asText());
        for (String later : List.of("library", "share")) {
            assertThat(Instant.parse(step(run, later).get("startedAt").asText())).as(later)
                    .isAfterOrEqualTo(sisFinished);
        }
        assertThat(step(run, "share").get("detail").asText()).contains("checks passed");

        assertThat(data()).isEqualTo(before);
        assertThat(Cli.tree(dir.resolve("share"))).isEqualTo(shareBefore);

        // the timeline is in the catalog
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            var rec = lb.inventory().recovery(run.get("runId").asLong()).orElseThrow();
            assertThat(rec.status().label()).isEqualTo("succeeded");
            assertThat(rec.plan()).isEqualTo("crash");
            assertThat(rec.steps()).extracting(s -> s.status().label()).containsOnly("checked");
        }
    }

    @Test
    void corruptNewestBackupAndMissingLocalCopy_recoverUsesThePreviousGoodOneAndTheOffsiteCopy() throws Exception {
        Path config = config();
        String older = backup(config, "library");
        maria(mariaDb, "insert into loans(book_id, student) values (1, 'Momo')");
        String newest = backup(config, "library");
        String share = backup(config, "share");
        String sis = backup(config, "sis");
        verifyAll(config, 0);
        Map<String, String> shareBefore = Cli.tree(dir.resolve("share"));
        String grades = data().get("grades-md5");

        for (String repo : List.of("repo", "offsite")) { // both copies: one good copy would keep the backup good
            Path object;
            try (Stream<Path> s = Files.list(dir.resolve(repo + "/backups/library/" + newest))) {
                object = s.filter(p -> p.getFileName().toString().endsWith(".sql.zst")).findFirst().orElseThrow();
            }
            try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
                long at = f.length() / 2;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x01);
            }
        }
        Cli.Result v = Cli.on(config, "verify", newest, "--mode", "full");
        assertThat(v.code()).as(v.toString()).isEqualTo(1);

        // the local copy of the database backup rots; the offsite copy stays intact, so the backup is still good
        Path sisObject;
        try (Stream<Path> s = Files.list(dir.resolve("repo/backups/sis/" + sis))) {
            sisObject = s.filter(p -> !p.getFileName().toString().equals("backup.json")
                    && !p.getFileName().toString().equals("SHA256SUMS"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(sisObject.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        Cli.Result vs = Cli.on(config, "verify", sis, "--mode", "full");
        assertThat(vs.code()).as(vs.toString()).isEqualTo(1);
        pg("postgres", "drop database " + pgDb + " with (force)");

        // the local disk lost the share's backup: only the offsite copy is left
        deleteTree(dir.resolve("repo/backups/share/" + share));

        maria("", "drop database " + mariaDb);
        deleteTree(dir.resolve("share"));

        Cli.Result dry = Cli.on(config, "recover", "--plan", "crash", "--only", "library", "share", "--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains(older).contains("newer backup " + newest + " passed over").contains("corrupt");
        assertThat(dry.out()).doesNotContain(" sis ");

        Cli.Result r = Cli.on(config, "recover", "--plan", "crash", "--only", "library", "share", "sis", "--yes",
                "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode run = r.json();
        assertThat(run.get("steps")).extracting(s -> s.get("source").asText())
                .containsExactlyInAnyOrder("sis", "library", "share");
        assertThat(step(run, "sis").get("backup").asText()).isEqualTo(sis);
        assertThat(step(run, "sis").get("detail").asText()).as("the corrupt local copy is passed over")
                .contains("from offsite");
        assertThat(column(PG.formatted(pgDb), "select md5(string_agg(id || ':' || student_id || ':' || subject || ':'"
                + " || score, ',' order by id)) from grades")).containsExactly(grades);
        assertThat(step(run, "library").get("backup").asText()).isEqualTo(older);
        assertThat(step(run, "share").get("detail").asText()).contains("from offsite");
        assertThat(column(MARIA.formatted(mariaDb), "select count(*) from loans")).containsExactly("400");
        assertThat(Cli.tree(dir.resolve("share"))).isEqualTo(shareBefore);
    }

    @Test
    void killedMidRecovery_resumeFinishesWithoutRestoringTheFinishedSourceAgain() throws Exception {
        // a bigger share so that priority 2 takes long enough to be interrupted
        byte[] big = new byte[48 << 20];
        new Random(7).nextBytes(big);
        Files.write(dir.resolve("share/shared/video.bin"), big);
        Path config = config();
        String sis = backup(config, "sis");
        backup(config, "library");
        backup(config, "share");
        verifyAll(config, 0);
        Map<String, String> before = data();
        Map<String, String> shareBefore = Cli.tree(dir.resolve("share"));
        destroyAll();

        Path err = dir.resolve("child.err");
        child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                KillNineIT.jar().toString(), "--config", config.toString(), "recover", "--plan", "crash", "--yes"))
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(err.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
                .until(() -> !child.isAlive() || Files.readString(err).contains(": share started"));
        assertThat(child.isAlive()).as("the child ended before the share step started: " + Files.readString(err)).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        long runId;
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            var runs = lb.inventory().restores();
            assertThat(runs.stream().filter(x -> x.backupId().equals(sis))).hasSize(1);
            String text = Files.readString(err);
            var m = java.util.regex.Pattern.compile("recovery run (\\d+)").matcher(text);
            assertThat(m.find()).as(text).isTrue();
            runId = Long.parseLong(m.group(1));
            var rec = lb.inventory().recovery(runId).orElseThrow();
            assertThat(rec.status().label()).isEqualTo("running");
            assertThat(rec.steps()).anySatisfy(s -> {
                assertThat(s.source()).isEqualTo("sis");
                assertThat(s.status().label()).isEqualTo("checked");
            });
            assertThat(rec.steps()).anySatisfy(s -> {
                assertThat(s.source()).isEqualTo("share");
                assertThat(s.status().label()).isIn("started", "restored");
            });
        }

        Cli.Result r = Cli.on(config, "recover", "--resume", Long.toString(runId), "--yes", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("runId").asLong()).isEqualTo(runId);
        assertThat(r.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(r.json().get("steps")).allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("checked"));
        assertThat(data()).isEqualTo(before);
        assertThat(Cli.tree(dir.resolve("share"))).isEqualTo(shareBefore);
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            assertThat(lb.inventory().restores().stream().filter(x -> x.backupId().equals(sis)))
                    .as("the finished source is not restored again").hasSize(1);
        }
    }
}
