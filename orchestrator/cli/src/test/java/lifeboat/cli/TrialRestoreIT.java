package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trial restores of PostgreSQL, MariaDB and file-share backups on the real servers (PostgreSQL 127.0.0.1:5432,
 * trust, user postgres; MariaDB 127.0.0.1:3306, root without password), their checks, the scratch space they leave
 * (none), and what {@code latest-good} makes of them.
 */
class TrialRestoreIT {
    private static final String CHECKS = """
            source: sis
            checks:
              - type: row-counts-match-backup
              - type: schema-matches-backup
              - type: tables-present
                tables: [students, grades]
              - type: views-present
                views: [report_cards]
              - type: functions-present
                functions: [average_score]
              - type: sql
                name: grades-recorded
                query: select count(*) from grades
                expect: "> 0"
              - type: sql
                name: first-student
                query: select name from students where id = 1
                expect: Anna Müller
              - type: sql
                name: students-listed
                query: select id from students
                expectRows: between 100 and 500
            ---
            source: library
            checks:
              - type: row-counts-match-backup
              - type: schema-matches-backup
              - type: tables-present
                tables: [books, loans]
              - type: views-present
                views: [overdue]
              - type: functions-present
                functions: [loans_of]
              - type: sql
                name: loans-recorded
                query: select count(*) from loans
                expect: ">= 300"
              - type: sql
                name: books-listed
                query: select id from books
                expectRows: "= 120"
            ---
            source: share
            checks:
              - type: files-match-manifest
              - type: paths-present
                paths: [staff/HB/noten-7a.csv, shared/Handouts, leer]
              - type: totals-match-backup
            """;

    @TempDir
    Path dir;

    String pgDb;
    String mariaDb;
    final List<String> backupIds = new ArrayList<>();
    Process child;

    @BeforeEach
    void databases() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        pgDb = "lifeboat_it_sis_" + suffix;
        mariaDb = "lifeboat_it_library_" + suffix;
        Sql.pg("postgres", "create database " + pgDb);
        Sql.pg(pgDb, """
                create table students (id serial primary key, name text not null);
                create table grades (id serial primary key, student_id int not null references students(id),
                    subject text not null, score int not null);
                insert into students(name) values ('Anna Müller');
                insert into students(name) select 'student ' || g from generate_series(2, 200) g;
                insert into grades(student_id, subject, score)
                    select 1 + g % 200, (array['Mathe','Deutsch','Englisch'])[1 + g % 3], 1 + g % 6
                    from generate_series(1, 1000) g;
                create view report_cards as select s.name, avg(g.score) as average
                    from students s join grades g on g.student_id = s.id group by s.name;
                create function average_score(p_student int) returns numeric language sql stable
                    as $$ select avg(score) from grades where student_id = p_student $$;
                """);
        Sql.maria("", "create database " + mariaDb + " character set utf8mb4 collate utf8mb4_unicode_ci");
        Sql.maria(mariaDb, "create table books (id int auto_increment primary key, title varchar(200) not null)");
        Sql.maria(mariaDb, "create table loans (id int auto_increment primary key, book_id int not null, student varchar(100),"
                + " due date not null)");
        Sql.maria(mariaDb, "insert into books(title) select concat('Buch ', seq) from seq_1_to_120");
        Sql.maria(mariaDb, "insert into loans(book_id, student, due) select 1 + seq % 120, concat('Schüler ', seq),"
                + " date_add('2026-01-01', interval seq day) from seq_1_to_400");
        Sql.maria(mariaDb, "create view overdue as select l.id, b.title from loans l join books b on b.id = l.book_id"
                + " where l.due < '2026-06-01'");
        Sql.maria(mariaDb, "create function loans_of(p_book int) returns int reads sql data"
                + " return (select count(*) from loans where book_id = p_book)");
        Cli.share(dir.resolve("share"));
        Files.createDirectories(dir.resolve("restore-tests"));
        Files.writeString(dir.resolve("restore-tests/school.yaml"), CHECKS);
    }

    @AfterEach
    void drop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Sql.pg("postgres", "drop database if exists " + pgDb + " with (force)");
        Sql.pg("postgres", "drop database if exists " + pgDb + "_big with (force)");
        Sql.maria("", "drop database if exists " + mariaDb);
        for (String scratch : pgScratch()) { // only when a test failed: a passing test asserts there are none
            Sql.pg("postgres", "drop database if exists " + scratch + " with (force)");
        }
        for (String scratch : mariaScratch()) {
            Sql.maria("", "drop database if exists " + scratch);
        }
    }

    // --- servers

    /** The scratch databases of this test's backups on PostgreSQL (other sessions may run trials of their own). */
    private List<String> pgScratch() throws SQLException {
        return ours(Sql.column(Sql.PG.formatted("postgres"), "select datname from pg_database where datname like 'lifeboat_trial_%'"));
    }

    private List<String> mariaScratch() throws SQLException {
        return ours(Sql.column(Sql.MARIA.formatted(""), "select schema_name from information_schema.schemata"
                + " where schema_name like 'lifeboat\\_trial\\_%'"));
    }

    private List<String> ours(List<String> scratch) {
        return scratch.stream().filter(n -> backupIds.stream().anyMatch(id -> n.endsWith(sanitized(id)))).toList();
    }

    private static String sanitized(String backupId) {
        return backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private void assertNoScratchLeft() throws Exception {
        assertThat(pgScratch()).as("scratch databases on PostgreSQL").isEmpty();
        assertThat(mariaScratch()).as("scratch databases on MariaDB").isEmpty();
        Path trialDir = dir.resolve("var/trial");
        if (Files.exists(trialDir)) {
            try (Stream<Path> s = Files.list(trialDir)) {
                assertThat(s.toList()).as("scratch directories in dataDir/trial").isEmpty();
            }
        }
    }

    // --- installation

    private Path config(String extraTop, String extraSources) throws Exception {
        return Files.writeString(dir.resolve("lifeboat.yaml"), extraTop + """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: sis
                    type: postgres
                    host: 127.0.0.1
                    port: 5432
                    database: %s
                    user: postgres
                    storage: [local]
                  - name: library
                    type: mariadb
                    host: 127.0.0.1
                    port: 3306
                    database: %s
                    user: root
                    storage: [local]
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                """.formatted(pgDb, mariaDb) + extraSources);
    }

    private String backup(Path config, String source) throws Exception {
        Cli.Result b = Cli.on(config, "backup", source, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        String id = b.json().get("id").asText();
        backupIds.add(id);
        return id;
    }

    private static void verifyFull(Path config, String what, int expectedExit) {
        Cli.Result v = Cli.on(config, "verify", what, "--mode", "full");
        assertThat(v.code()).as(v.toString()).isEqualTo(expectedExit);
    }

    private static JsonNode trial(Path config, int expectedExit, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("trial-restore", "--json"));
        a.addAll(List.of(args));
        Cli.Result t = Cli.on(config, a.toArray(String[]::new));
        assertThat(t.code()).as(t.toString()).isEqualTo(expectedExit);
        return t.json();
    }

    private static JsonNode check(JsonNode item, String name) {
        for (JsonNode c : item.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check named " + name + " in " + item);
    }

    // --- tests

    @Test
    void postgresMariaDbAndShare_passEveryCheck_andLeaveNoScratch() throws Exception {
        Path config = config("", "");
        String sis = backup(config, "sis");
        String library = backup(config, "library");
        String share = backup(config, "share");

        JsonNode items = trial(config, 0, "--all");
        assertThat(items).hasSize(3);
        for (JsonNode item : items) {
            assertThat(item.get("status").asText()).as(item.toString()).isEqualTo("passed");
            assertThat(item.get("durationMs").asLong()).isPositive();
            assertThat(item.get("checks")).allSatisfy(c -> {
                assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("passed");
                assertThat(c.get("name").asText()).isNotBlank();
                assertThat(c.get("detail").asText()).isNotBlank();
            });
        }
        assertThat(items).extracting(i -> i.get("source").asText()).containsExactlyInAnyOrder("sis", "library", "share");
        JsonNode pgItem = item(items, "sis");
        JsonNode mariaItem = item(items, "library");
        JsonNode shareItem = item(items, "share");
        assertThat(pgItem.get("backup").asText()).isEqualTo(sis);
        assertThat(mariaItem.get("backup").asText()).isEqualTo(library);
        assertThat(shareItem.get("backup").asText()).isEqualTo(share);
        assertThat(pgItem.get("checks")).extracting(c -> c.get("name").asText()).contains("row-counts-match-backup",
                "schema-matches-backup", "tables-present", "views-present", "functions-present", "grades-recorded",
                "first-student", "students-listed");
        assertThat(mariaItem.get("checks")).extracting(c -> c.get("name").asText()).contains("row-counts-match-backup",
                "schema-matches-backup", "tables-present", "views-present", "functions-present", "loans-recorded",
                "books-listed");
        assertThat(shareItem.get("checks")).extracting(c -> c.get("name").asText()).contains("files-match-manifest",
                "paths-present", "totals-match-backup");
        assertThat(check(pgItem, "first-student").get("detail").asText()).contains("Anna Müller");
        assertThat(check(pgItem, "students-listed").get("detail").asText()).contains("200 rows");
        assertThat(pgItem.get("rows").asLong()).isEqualTo(1200);
        assertThat(mariaItem.get("rows").asLong()).isEqualTo(520);
        assertNoScratchLeft();

        // the live databases were not touched
        assertThat(Sql.column(Sql.PG.formatted(pgDb), "select count(*) from grades")).containsExactly("1000");
        assertThat(Sql.column(Sql.MARIA.formatted(mariaDb), "select count(*) from loans")).containsExactly("400");
    }

    private static JsonNode item(JsonNode items, String source) {
        for (JsonNode i : items) {
            if (i.get("source").asText().equals(source)) {
                return i;
            }
        }
        throw new AssertionError("no item for " + source);
    }

    @Test
    void tableEmptiedBeforeTheBackup_failsItsTrial_andLatestGoodSkipsIt() throws Exception {
        Path config = config("", "");
        String good = backup(config, "sis");
        verifyFull(config, "sis", 0);
        assertThat(trial(config, 0, "sis").get(0).get("status").asText()).isEqualTo("passed");

        Sql.pg(pgDb, "delete from grades");
        String emptied = backup(config, "sis");
        verifyFull(config, emptied, 0);
        JsonNode failed = trial(config, 1, "sis").get(0);
        assertThat(failed.get("backup").asText()).isEqualTo(emptied);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        JsonNode grades = check(failed, "grades-recorded");
        assertThat(grades.get("status").asText()).isEqualTo("failed");
        assertThat(grades.get("detail").asText()).contains("returned 0").contains("> 0");
        assertThat(check(failed, "row-counts-match-backup").get("status").asText()).isEqualTo("passed");
        assertNoScratchLeft();

        Cli.Result lg = Cli.on(config, "latest-good", "sis", "--json");
        assertThat(lg.code()).as(lg.toString()).isZero();
        JsonNode g = lg.json();
        assertThat(g.get("id").asText()).isEqualTo(good);
        assertThat(g.get("grade").asText()).isEqualTo("restorable");
        assertThat(g.get("evidence").get("verificationId").isIntegralNumber()).as(g.toString()).isTrue();
        assertThat(g.get("evidence").get("trialRestoreId").isIntegralNumber()).as(g.toString()).isTrue();
        assertThat(g.get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo(emptied);
            assertThat(s.get("reason").asText()).contains("trial restore").contains("failed").contains("grades-recorded");
        });
    }

    @Test
    void byteFlippedInTheNewestBackup_latestGoodFallsBackAndSaysWhy() throws Exception {
        Path config = config("", "");
        String older = backup(config, "library");
        Sql.maria(mariaDb, "insert into loans(book_id, student, due) values (1, 'Momo', '2026-09-01')");
        String newest = backup(config, "library");
        verifyFull(config, "library", 0);
        trial(config, 0, "library", "--backup", older);
        trial(config, 0, "library");
        Cli.Result before = Cli.on(config, "latest-good", "library", "--json");
        assertThat(before.code()).as(before.toString()).isZero();
        assertThat(before.json().get("id").asText()).isEqualTo(newest);

        Path object;
        try (Stream<Path> s = Files.list(dir.resolve("repo/backups/library/" + newest))) {
            object = s.filter(p -> p.getFileName().toString().endsWith(".sql.zst")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        verifyFull(config, "library", 1);

        Cli.Result lg = Cli.on(config, "latest-good", "library", "--json");
        assertThat(lg.code()).as(lg.toString()).isZero();
        assertThat(lg.json().get("id").asText()).isEqualTo(older);
        assertThat(lg.json().get("grade").asText()).isEqualTo("restorable");
        assertThat(lg.json().get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo(newest);
            assertThat(s.get("reason").asText()).contains("corrupt").contains("verification");
        });
        Cli.Result text = Cli.on(config, "latest-good", "library");
        assertThat(text.out()).contains(older).contains("skipped " + newest).contains("corrupt");
    }

    @Test
    void noGoodBackup_latestGoodExits1WithTheReasons() throws Exception {
        Path config = config("", "");
        Sql.pg(pgDb, "delete from grades");
        String sis = backup(config, "sis");
        verifyFull(config, "sis", 0);
        trial(config, 1, "sis");
        Cli.Result lg = Cli.on(config, "latest-good", "sis", "--json");
        assertThat(lg.code()).as(lg.toString()).isEqualTo(1);
        assertThat(lg.json().path("id").isMissingNode() || lg.json().get("id").isNull()).as(lg.toString()).isTrue();
        assertThat(lg.json().get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo(sis);
            assertThat(s.get("reason").asText()).contains("grades-recorded");
        });

        String share = backup(config, "share");
        Cli.Result never = Cli.on(config, "latest-good", "share", "--json");
        assertThat(never.code()).as(never.toString()).isEqualTo(1);
        assertThat(never.json().get("skipped")).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo(share);
            assertThat(s.get("reason").asText()).contains("never verified");
        });
        assertNoScratchLeft();
    }

    @Test
    void queryTheServerRejects_isAFailedCheck_notACrash() throws Exception {
        Path config = config("restoreTestsDir: ./other-checks\n", "");
        Files.createDirectories(dir.resolve("other-checks"));
        Files.writeString(dir.resolve("other-checks/sis.yaml"), """
                source: sis
                checks:
                  - type: row-counts-match-backup
                  - type: sql
                    name: bad-sql
                    query: selec count(*) from no_such_table
                    expect: "> 0"
                  - type: sql
                    name: missing-table
                    query: select count(*) from no_such_table
                    expect: "> 0"
                """);
        Cli.Result cc = Cli.on(config, "check-config");
        assertThat(cc.code()).as("a query is only judged by the server at trial time: " + cc).isZero();
        backup(config, "sis");
        JsonNode item = trial(config, 1, "sis").get(0);
        assertThat(item.get("status").asText()).isEqualTo("failed");
        assertThat(check(item, "row-counts-match-backup").get("status").asText()).isEqualTo("passed");
        assertThat(check(item, "bad-sql").get("status").asText()).isEqualTo("failed");
        assertThat(check(item, "bad-sql").get("detail").asText()).contains("query failed").contains("syntax");
        assertThat(check(item, "missing-table").get("status").asText()).isEqualTo("failed");
        assertThat(check(item, "missing-table").get("detail").asText()).contains("no_such_table");
        assertNoScratchLeft();
    }

    @Test
    void killedTrialRestore_leavesAScratchDatabaseTheNextRunRemoves() throws Exception {
        String big = pgDb + "_big";
        Sql.pg("postgres", "create database " + big);
        Sql.pg(big, """
                create table attendance (id bigint primary key, student int not null, day date not null, note text);
                insert into attendance select g, g % 900, date '2025-09-01' + (g % 200), md5(g::text) || repeat('x', 80)
                    from generate_series(1, 400000) g;
                create index on attendance (student, day);
                """);
        Path config = config("", """
                  - name: attendance
                    type: postgres
                    host: 127.0.0.1
                    port: 5432
                    database: %s
                    user: postgres
                    storage: [local]
                """.formatted(big));
        String id = backup(config, "attendance");
        String scratch = "lifeboat_trial_attendance_" + sanitized(id);

        child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                KillNineIT.jar().toString(), "--config", config.toString(), "trial-restore", "attendance"))
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> !child.isAlive() || pgScratch().contains(scratch));
        assertThat(child.isAlive()).as("the child ended before its scratch database existed: "
                + Files.readString(dir.resolve("child.err"))).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pgScratch()).as("the killed run left its scratch database").contains(scratch);

        JsonNode next = trial(config, 0, "attendance").get(0);
        assertThat(next.get("status").asText()).isEqualTo("passed");
        assertThat(next.get("rows").asLong()).isEqualTo(400_000);
        assertNoScratchLeft();

        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            List<TrialRecord> trials = lb.inventory().trials("attendance");
            assertThat(trials).hasSize(2);
            assertThat(trials).anySatisfy(t -> {
                assertThat(t.id()).isNotEqualTo(next.get("trialId").asLong());
                assertThat(t.status().label()).isEqualTo("failed");
                assertThat(t.error()).contains("interrupted");
                assertThat(t.scratch()).isEqualTo(scratch);
            });
            assertThat(trials).noneSatisfy(t -> assertThat(t.status().label()).isEqualTo("running"));
        }
    }
}
