package lifeboat.plugin.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Settings;
import lifeboat.support.db.DbEndpoint;
import lifeboat.testkit.TestParts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbFailureIT {
    private static final String SECRET = "Geheim-Passwort-42";

    @TempDir
    Path tmp;

    DbEndpoint server;
    MariaDbTestDb dbs;
    TestParts parts;
    TestParts.Log log;

    @BeforeEach
    void setUp() throws IOException {
        server = MariaDbTestServer.shared();
        dbs = new MariaDbTestDb(server);
        parts = new TestParts(Files.createDirectories(tmp.resolve("parts")));
        log = new TestParts.Log();
    }

    @AfterEach
    void tearDown() {
        dbs.dropAll();
    }

    private MariaDbSource source(DbEndpoint e, String db, Path binDir, Duration timeout) {
        return new MariaDbSource("library-db", e, db, MariaDbTools.local(binDir), timeout, tmp.resolve("tmp"));
    }

    @Test
    void wrongPassword_failsClearlyWithoutRevealingIt() throws Exception {
        String db = dbs.create("lb_pw");
        String user = dbs.name("lbu").substring(0, 14);
        dbs.exec("", "create user '" + user + "'@'%' identified by 'right-Pw-1'");
        dbs.exec("", "create user '" + user + "'@'localhost' identified by 'right-Pw-1'");
        try {
            dbs.exec("", "grant all on " + db + ".* to '" + user + "'@'%'");
            dbs.exec("", "grant all on " + db + ".* to '" + user + "'@'localhost'");
            dbs.exec(db, "create table t (x varchar(5)); insert into t values ('ä')");
            var wrong = new DbEndpoint(server.host(), server.port(), user, SECRET, MariaDbSource.JDBC);
            assertThatThrownBy(() -> source(wrong, db, null, null).dump(parts, log))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("library-db").hasMessageContaining("Access denied")
                    .message().doesNotContain(SECRET);
            assertThat(String.join("\n", log.lines)).doesNotContain(SECRET);
            assertThatThrownBy(() -> source(wrong, db, null, null).check())
                    .as("check-config's check logs in").isInstanceOf(IOException.class)
                    .hasMessageContaining("library-db").hasMessageContaining("Access denied")
                    .message().doesNotContain(SECRET);

            // the right password reaches mariadb-dump through the defaults file (no RELOAD: warned, still works)
            var right = new DbEndpoint(server.host(), server.port(), user, "right-Pw-1", MariaDbSource.JDBC);
            var fp = source(right, db, null, null).dump(parts, log);
            assertThat(fp.toString()).contains("t=1");
            assertThat(String.join("\n", log.lines)).doesNotContain("right-Pw-1").contains("RELOAD");
            assertThat(tmp.resolve("tmp")).as("no password file is written").satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
        } finally {
            dbs.exec("", "drop user '" + user + "'@'%'");
            dbs.exec("", "drop user '" + user + "'@'localhost'");
        }
    }

    @Test
    void check_connectsAndLogsIn_namingTheSourceAndWhatFailed() throws Exception {
        var closed = new DbEndpoint("127.0.0.1", MariaDbTestServer.freePort(), "root", SECRET, MariaDbSource.JDBC);
        assertThatThrownBy(() -> source(closed, "library", null, null).check())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("library-db").hasMessageContaining(closed.host() + ":" + closed.port())
                .hasMessageContaining("cannot connect").message().doesNotContain(SECRET);
        assertThatThrownBy(() -> source(server, "no_such_db_lb", null, null).check())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("library-db").hasMessageContaining("no_such_db_lb")
                .hasMessageContaining("Unknown database");
        assertThatThrownBy(() -> source(server, "mysql", Files.createDirectories(tmp.resolve("no-bin")), null)
                .check()).isInstanceOf(IOException.class).hasMessageContaining("mariadb-client");
        source(server, "mysql", null, null).check();
        source(server, "*", null, null).check();
    }

    /** A killed process of an older Lifeboat left its option files; the next start removes them. */
    @Test
    void leftoverOptionFiles_areRemovedWhenTheSourceIsCreated_andNoneIsWritten() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path tmpDir = Files.createDirectories(data.resolve("tmp"));
        Files.writeString(tmpDir.resolve("my123.cnf"), "[client]\npassword=\"" + SECRET + "\"\n");
        Files.writeString(tmpDir.resolve("keep.txt"), "not an option file");
        String db = dbs.create("lb_leftover");
        dbs.exec(db, "create table t (x int); insert into t values (1)");
        var settings = new Settings("library-db", "mariadb", Map.of("host", server.host(),
                "port", (long) server.port(), "database", db, "user", server.user()));

        try (var s = (MariaDbSource) new MariaDbSourceFactory().create(settings, () -> data)) {
            assertThat(tmpDir.resolve("my123.cnf")).doesNotExist();
            s.dump(parts, log);
        }
        try (var files = Files.list(tmpDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("keep.txt");
        }
    }

    /**
     * A swap that fails half way (a restored view cannot be created in the live schema) is undone: the live schema
     * keeps its tables, rows, view, trigger and routine, and the backup schema is gone.
     */
    @Test
    void schemaSwap_failingHalfWay_leavesTheLiveSchemaAsItWas() throws Exception {
        String live = dbs.create("lb_swaplive");
        dbs.exec(live, "create table students (id int primary key, name varchar(20)); "
                + "insert into students values (1, 'Anna'), (2, 'Ben'); "
                + "create view named as select name from students; "
                + "create trigger trimmed before insert on students for each row set new.name = trim(new.name); "
                + "create function how_many() returns int reads sql data return (select count(*) from students)");
        String scratch = dbs.create("lb_swapnew");
        String other = dbs.create("lb_swapother");
        dbs.exec(other, "create table gone (x int)");
        dbs.exec(scratch, "create table students (id int primary key, name varchar(20)); "
                + "insert into students values (9, 'Zoe'); "
                + "create view broken as select x from " + other + ".gone");
        dbs.exec("", "drop database " + other);
        String backup = dbs.name("lb_swapold");
        var before = dbs.tableDigests(live);

        try (Connection admin = server.connect("")) {
            assertThatThrownBy(() -> new SchemaSwap(server, admin, log).swap(scratch, live, backup))
                    .isInstanceOf(SQLException.class).hasMessageContaining("gone");
        }

        assertThat(dbs.tableDigests(live)).isEqualTo(before);
        assertThat(dbs.queryLong(live, "select count(*) from named")).isEqualTo(2);
        assertThat(dbs.queryLong(live, "select how_many()")).isEqualTo(2);
        dbs.exec(live, "insert into students values (3, '  Cem  ')");
        assertThat(dbs.queryLong(live, "select count(*) from students where name = 'Cem'")).isEqualTo(1);
        assertThat(dbs.queryLong(scratch, "select count(*) from students")).isEqualTo(1);
        assertThat(dbs.queryLong("", "select count(*) from information_schema.schemata where schema_name = '"
                + backup + "'")).isZero();
    }

    /**
     * What a kill -9 half way through a restore leaves is cleaned up by the next restore: a scratch schema is
     * dropped, and a live schema that is missing gets back the tables the swap had moved aside; each step is logged.
     */
    @Test
    void interruptedSwap_isCleanedUpByTheNextRestore_andTheLiveSchemaComesBack() throws Exception {
        String live = dbs.create("i13_mswap");
        dbs.exec(live, "create table students (id int primary key, name varchar(20)); "
                + "insert into students values (1, 'Anna'), (2, 'Ben')");
        var src = source(server, live, null, null);
        src.dump(parts, log);
        String old = live + "_lbold_20260101000000_abcd";
        String scratch = live + "_lbnew_20260101000000_1234";
        try {
            dbs.exec("", "create database " + old);
            dbs.exec("", "rename table " + live + ".students to " + old + ".students");
            dbs.exec("", "drop database " + live);
            dbs.exec("", "create database " + scratch);
            dbs.exec(scratch, "create table students (id int)");

            assertThatThrownBy(() -> src.restore(parts, Map.of(), log))
                    .as("the live schema is back, so it is not replaced without --force")
                    .hasMessageContaining("exists and is not empty");

            assertThat(dbs.queryLong(live, "select count(*) from students")).isEqualTo(2);
            assertThat(dbs.queryLong("", "select count(*) from information_schema.schemata"
                    + " where schema_name in ('" + old + "', '" + scratch + "')")).isZero();
            assertThat(String.join("\n", log.lines))
                    .contains("'" + live + "'", "was missing after an interrupted restore", "back from '" + old + "'")
                    .contains("dropped the scratch database '" + scratch + "'");
        } finally {
            dbs.exec("", "drop database if exists " + old);
            dbs.exec("", "drop database if exists " + scratch);
        }
    }

    /**
     * The swap moves tables into the live schema, which keeps its name, so grants on the database and on its
     * tables (kept by name in mysql.db and mysql.tables_priv) hold for the restored tables too.
     */
    @Test
    void restoreWithForce_keepsTheGrantsOnTheDatabaseAndItsTables() throws Exception {
        String live = dbs.create("i13_mgrant");
        dbs.exec(live, "create table students (id int primary key); insert into students values (1), (2)");
        var src = source(server, live, null, null);
        src.dump(parts, log);
        String user = dbs.name("i13u").substring(0, 14);
        dbs.exec("", "create user '" + user + "'@'%' identified by 'Pw-i13-1'");
        try {
            dbs.exec("", "grant select on " + live + ".* to '" + user + "'@'%'");
            dbs.exec("", "grant insert on " + live + ".students to '" + user + "'@'%'");
            dbs.exec(live, "insert into students values (3)");

            src.restore(parts, Map.of("force", "true"), log);

            var asUser = new DbEndpoint(server.host(), server.port(), user, "Pw-i13-1", MariaDbSource.JDBC);
            try (Connection c = asUser.connect(live); var st = c.createStatement()) {
                st.execute("insert into students values (4)");
                try (var rs = st.executeQuery("select count(*) from students")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("two restored rows and the one the user inserted").isEqualTo(3);
                }
            }
        } finally {
            dbs.exec("", "drop user if exists '" + user + "'@'%'");
        }
    }

    /**
     * The swap's journal makes one side whole after a kill: before the RENAME TABLE the old schema's dropped view
     * comes back and the backup schema goes; after it the restored schema's missing view is created and the backup
     * schema, holding the previous rows, is kept.
     */
    @Test
    void interruptedSwap_journal_makesTheOldOrTheRestoredSchemaWhole() throws Exception {
        var oldView = new SchemaSwap.Definition("view", "named", null, "create view named as select name from students");
        var newView = new SchemaSwap.Definition("view", "fresh", null, "create view fresh as select id from students");
        String live = dbs.create("i13_mjour");
        dbs.exec(live, "create table students (id int primary key, name varchar(20)); "
                + "insert into students values (1, 'Anna')");
        String backup = live + "_lbold_20260101000000_abcd";
        try (Connection admin = server.connect("")) {
            var swap = new SchemaSwap(server, admin, log);
            dbs.exec("", "create database " + backup);
            swap.writeJournal(backup, List.of("students"), List.of(oldView), List.of("students"), List.of(newView));

            assertThat(swap.recover(backup, live)).contains("had not yet replaced", "put back 1", "dropped '" + backup);
            assertThat(dbs.queryLong(live, "select count(*) from named")).isEqualTo(1);
            assertThat(dbs.queryLong("", "select count(*) from information_schema.schemata where schema_name = '"
                    + backup + "'")).isZero();

            dbs.exec(live, "drop view named");
            dbs.exec("", "create database " + backup);
            swap.writeJournal(backup, List.of("students"), List.of(oldView), List.of("students"), List.of(newView));
            dbs.exec("", "rename table " + live + ".students to " + backup + ".students");
            dbs.exec(live, "create table students (id int primary key, name varchar(20)); "
                    + "insert into students values (9, 'Zoe'), (10, 'Yan')");

            assertThat(swap.recover(backup, live)).contains("already moved", "created 1", "kept in '" + backup);
            assertThat(dbs.queryLong(live, "select count(*) from fresh")).isEqualTo(2);
            assertThat(dbs.queryLong(backup, "select count(*) from students")).isEqualTo(1);
        } finally {
            dbs.exec("", "drop database if exists " + backup);
        }
    }

    @Test
    void unreachableHost_namesTheSource() throws Exception {
        var closed = new DbEndpoint("127.0.0.1", MariaDbTestServer.freePort(), "root", SECRET, MariaDbSource.JDBC);
        assertThatThrownBy(() -> source(closed, "library", null, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("library-db").hasMessageContaining("cannot connect")
                .message().doesNotContain(SECRET);
    }

    @Test
    void missingDatabase_namesIt() {
        assertThatThrownBy(() -> source(server, "no_such_db_lb", null, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("library-db").hasMessageContaining("no_such_db_lb");
    }

    @Test
    void dumpToolFailingMidway_reportsExitCodeAndItsLastWords() throws Exception {
        String db = dbs.create("lb_fail");
        Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path script = bin.resolve("mariadb-dump");
        Files.writeString(script, "#!/bin/sh\nprintf -- '-- partial\\n'\n"
                + "echo 'mariadb-dump: Error 2013: Lost connection to server during query' >&2\nexit 2\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> source(server, db, bin, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(db).hasMessageContaining("exit code 2").hasMessageContaining("Lost connection");
    }

    @Test
    void missingTool_namesTheDebianPackage() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
        assertThatThrownBy(() -> source(server, "mysql", empty, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mariadb-dump").hasMessageContaining("mariadb-client");
    }

    @Test
    void allDatabases_skipSystemSchemasAndRestoreUnderTheirNames() throws Exception {
        String a = dbs.create("lb_all_a");
        dbs.exec(a, "create table t (x varchar(5)); insert into t values ('ö')");
        var fp = source(server, "*", null, null).dump(parts, log);
        assertThat(parts.parts()).contains(a + ".sql").doesNotContain("mysql.sql", "information_schema.sql",
                "performance_schema.sql", "sys.sql");
        assertThat(((Map<?, ?>) fp.get("databases")).containsKey(a)).isTrue();
        var only = new DumpSource.DumpInput() {
            @Override
            public java.util.List<String> parts() {
                return List.of(a + ".sql");
            }

            @Override
            public java.io.InputStream open(String part) throws IOException {
                return parts.open(part);
            }
        };
        dbs.exec("", "drop database " + a);
        source(server, "*", null, null).restore(only, Map.of(), log);
        assertThat(dbs.queryLong(a, "select count(*) from t")).isEqualTo(1);
    }
}
