package lifeboat.cli;

import static lifeboat.cli.Sql.PG;
import static lifeboat.cli.Sql.MARIA;
import static lifeboat.cli.Sql.pg;
import static lifeboat.cli.Sql.maria;
import static lifeboat.cli.Sql.count;
import static lifeboat.cli.Sql.column;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --to-db NAME --force} over a live database on the real servers (PostgreSQL 127.0.0.1:5432 trust;
 * MariaDB 127.0.0.1:3306 root): a corrupt dump object fails the restore naming the object and its copy, and the
 * live database keeps its tables and rows; a good one replaces it.
 */
class DatabaseRestoreIT {

    @TempDir
    Path dir;

    String pgDb;
    String mariaDb;

    @BeforeEach
    void databases() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        pgDb = "lifeboat_it_swap_sis_" + suffix;
        mariaDb = "lifeboat_it_swap_lib_" + suffix;
        pg("postgres", "create database " + pgDb);
        pg(pgDb, """
                create table students (id serial primary key, name text not null);
                insert into students(name) select 'student ' || g from generate_series(1, 5000) g;
                create view named as select name from students;
                """);
        maria("", "create database " + mariaDb);
        maria(mariaDb, "create table students (id int auto_increment primary key, name varchar(100) not null)");
        maria(mariaDb, "insert into students(name) select concat('student ', seq) from seq_1_to_5000");
        maria(mariaDb, "create view named as select name from students");
        maria(mariaDb, "create trigger named_trg before insert on students for each row set new.name = trim(new.name)");
        Cli.share(dir.resolve("share"));
        Cli.yaml().postgres("sis", pgDb).mariadb("library", mariaDb).files().write(dir.resolve("lifeboat.yaml"));
    }

    @AfterEach
    void drop() throws Exception {
        for (String db : column(PG.formatted("postgres"), "select datname from pg_database")) {
            if (db.startsWith(pgDb)) {
                pg("postgres", "drop database if exists \"" + db + "\" with (force)");
            }
        }
        for (String db : column(MARIA.formatted(""), "select schema_name from information_schema.schemata")) {
            if (db.startsWith(mariaDb)) {
                maria("", "drop database if exists `" + db + "`");
            }
        }
    }

    @Test
    void postgres_corruptDump_failsNamingTheObject_andKeepsTheLiveDatabase() throws Exception {
        Path config = dir.resolve("lifeboat.yaml");
        String id = backup(config, "sis");
        pg(pgDb, "insert into students(name) values ('after the backup')");
        String key = flipAByteIn(".pgdump.zst");

        Cli.Result r = Cli.on(config, "restore", id, "--to-db", pgDb, "--force");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("corrupt").contains(key).contains("storage target local")
                .doesNotContain("does not exist");
        assertThat(count(PG, pgDb, "select count(*) from students")).isEqualTo(5001);
        assertThat(count(PG, pgDb, "select count(*) from named")).isEqualTo(5001);
        assertThat(column(PG.formatted("postgres"), "select datname from pg_database"))
                .as("no scratch database left").filteredOn(n -> n.startsWith(pgDb)).containsExactly(pgDb);
    }

    @Test
    void postgres_goodDump_replacesTheLiveDatabase_andRefusalNamesForce() throws Exception {
        Path config = dir.resolve("lifeboat.yaml");
        String id = backup(config, "sis");
        pg(pgDb, "insert into students(name) values ('after the backup')");

        Cli.Result refused = Cli.on(config, "restore", id, "--to-db", pgDb);
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).contains("--force").doesNotContain("force=true").contains("2 dump parts");
        assertThat(count(PG, pgDb, "select count(*) from students")).isEqualTo(5001);

        try (Connection busy = DriverManager.getConnection(PG.formatted(pgDb))) { // a session the swap ends
            Cli.Result r = Cli.on(config, "restore", id, "--to-db", pgDb, "--force");
            assertThat(r.code()).as(r.toString()).isZero();
        }
        assertThat(count(PG, pgDb, "select count(*) from students")).isEqualTo(5000);
        assertThat(count(PG, pgDb, "select count(*) from named")).isEqualTo(5000);
        assertThat(column(PG.formatted("postgres"), "select datname from pg_database"))
                .filteredOn(n -> n.startsWith(pgDb)).containsExactly(pgDb);
    }

    @Test
    void postgres_corruptLocalCopy_restoresFromTheOffsiteCopy() throws Exception {
        Path config = Cli.yaml().offsiteDir().postgres("sis", pgDb).write(dir.resolve("two-copies.yaml"));
        String id = backup(config, "sis");
        pg(pgDb, "insert into students(name) values ('after the backup')");
        String key = flipAByteIn(".pgdump.zst");

        Cli.Result r = Cli.on(config, "restore", id, "--to-db", pgDb, "--force");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("copy on local not used").contains(key);
        assertThat(count(PG, pgDb, "select count(*) from students")).isEqualTo(5000);
        assertThat(column(PG.formatted("postgres"), "select datname from pg_database"))
                .filteredOn(n -> n.startsWith(pgDb)).containsExactly(pgDb);
    }

    @Test
    void mariadb_corruptDump_failsNamingTheObject_andKeepsTheLiveDatabase() throws Exception {
        Path config = dir.resolve("lifeboat.yaml");
        String id = backup(config, "library");
        maria(mariaDb, "insert into students(name) values ('  after the backup')");
        String key = flipAByteIn(".sql.zst");

        Cli.Result r = Cli.on(config, "restore", id, "--to-db", mariaDb, "--force");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("corrupt").contains(key).contains("storage target local");
        assertThat(count(MARIA, mariaDb, "select count(*) from students")).isEqualTo(5001);
        assertThat(count(MARIA, mariaDb, "select count(*) from named")).isEqualTo(5001);
        assertThat(count(MARIA, "", "select count(*) from information_schema.triggers where trigger_schema = '"
                + mariaDb + "'")).isEqualTo(1);
        assertThat(column(MARIA.formatted(""), "select schema_name from information_schema.schemata"))
                .as("no scratch schema left").filteredOn(n -> n.startsWith(mariaDb)).containsExactly(mariaDb);
    }

    @Test
    void mariadb_goodDump_replacesTablesViewsAndTriggers() throws Exception {
        Path config = dir.resolve("lifeboat.yaml");
        String id = backup(config, "library");
        maria(mariaDb, "insert into students(name) values ('after the backup')");
        maria(mariaDb, "create table added_later (x int)");

        Cli.Result r = Cli.on(config, "restore", id, "--to-db", mariaDb, "--force");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(count(MARIA, mariaDb, "select count(*) from students")).isEqualTo(5000);
        assertThat(count(MARIA, mariaDb, "select count(*) from named")).isEqualTo(5000);
        maria(mariaDb, "insert into students(name) values ('  trimmed  ')");
        assertThat(count(MARIA, mariaDb, "select count(*) from students where name = 'trimmed'")).isEqualTo(1);
        assertThat(count(MARIA, "", "select count(*) from information_schema.tables where table_schema = '"
                + mariaDb + "' and table_name = 'added_later'")).isZero();
        assertThat(column(MARIA.formatted(""), "select schema_name from information_schema.schemata"))
                .filteredOn(n -> n.startsWith(mariaDb)).containsExactly(mariaDb);
    }

    @Test
    void filesBackup_withToDb_saysItHoldsFiles() throws Exception {
        Path config = dir.resolve("lifeboat.yaml");
        String id = backup(config, "share");

        Cli.Result r = Cli.on(config, "restore", id, "--to-db", "school");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(id).contains("holds files").contains("--to DIR");
    }

    // --- helpers

    private static String backup(Path config, String source) throws Exception {
        Cli.Result b = Cli.on(config, "backup", source, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    /** Flips one byte in the middle of the one stored object whose name ends so; returns its key. */
    private String flipAByteIn(String suffix) throws Exception {
        Path repo = dir.resolve("repo");
        List<Path> found;
        try (Stream<Path> s = Files.walk(repo)) {
            found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
        assertThat(found).hasSize(1);
        try (var f = new RandomAccessFile(found.get(0).toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        return repo.relativize(found.get(0)).toString();
    }

}
