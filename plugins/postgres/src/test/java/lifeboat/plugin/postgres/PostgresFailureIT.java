package lifeboat.plugin.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.spi.Settings;
import lifeboat.support.db.DbEndpoint;
import lifeboat.testkit.TestParts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresFailureIT {
    private static final String SECRET = "Geheim-Passwort-42";

    @TempDir
    Path tmp;

    DbEndpoint server;
    PgTestDb dbs;
    TestParts parts;
    TestParts.Log log;

    @BeforeEach
    void setUp() throws IOException {
        server = PgTestServer.shared();
        dbs = new PgTestDb(server);
        parts = new TestParts(Files.createDirectories(tmp.resolve("parts")));
        log = new TestParts.Log();
    }

    @AfterEach
    void tearDown() {
        dbs.dropAll();
    }

    private PostgresSource source(DbEndpoint e, String db, Path binDir, Duration timeout) {
        return new PostgresSource("sis-db", e, db, PgTools.local(binDir), 1, timeout, tmp.resolve("tmp"));
    }

    /** Trust authentication on the shared server accepts any password, so this runs on a throwaway one. */
    @Test
    void wrongPassword_failsClearlyWithoutRevealingIt() throws Exception {
        DbEndpoint scram = PgTestServer.throwaway("right-password");
        var wrong = new DbEndpoint(scram.host(), scram.port(), "postgres", SECRET, PostgresSource.JDBC);

        assertThatThrownBy(() -> source(wrong, "postgres", null, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sis-db").hasMessageContaining("password authentication failed")
                .message().doesNotContain(SECRET);
        assertThat(String.join("\n", log.lines)).doesNotContain(SECRET);
        assertThatThrownBy(() -> source(wrong, "postgres", null, null).check())
                .as("check-config's check logs in").isInstanceOf(IOException.class)
                .hasMessageContaining("sis-db").hasMessageContaining("password authentication failed")
                .message().doesNotContain(SECRET);
        source(scram, "postgres", null, null).check();

        // the right password reaches the tools through the password file: a "*" dump of that server works
        var dbs2 = new PgTestDb(scram);
        String a = dbs2.create("lb_all_a");
        dbs2.exec(a, "create table t (x text); insert into t values ('ä')");
        var all = source(scram, "*", null, null).dump(parts, log);
        assertThat(parts.parts()).contains("globals.sql", "postgres.pgdump", a + ".pgdump");
        assertThat(((Map<?, ?>) all.get("databases")).containsKey(a)).isTrue();
        dbs2.exec("postgres", "drop database " + a);
        source(scram, "*", null, null).restore(parts, Map.of("force", "true"), log);
        assertThat(dbs2.queryLong(a, "select count(*) from t")).isEqualTo(1);
        assertThat(String.join("\n", log.lines)).doesNotContain("right-password");
        assertThat(tmp.resolve("tmp")).as("no password file is written").satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void check_connectsAndLogsIn_namingTheSourceAndWhatFailed() throws Exception {
        var closed = new DbEndpoint("127.0.0.1", PgTestServer.freePort(), "postgres", SECRET, PostgresSource.JDBC);
        assertThatThrownBy(() -> source(closed, "sis", null, null).check())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sis-db").hasMessageContaining(closed.host() + ":" + closed.port())
                .hasMessageContaining("cannot connect").hasMessageContaining("refused")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> source(server, "no_such_db_lb", null, null).check())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sis-db").hasMessageContaining("no_such_db_lb")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> source(server, "postgres", Files.createDirectories(tmp.resolve("no-bin")), null)
                .check()).isInstanceOf(IOException.class).hasMessageContaining("postgresql-client");
        source(server, "postgres", null, null).check();
        source(server, "*", null, null).check();
    }

    /** A killed process of an older Lifeboat left its password files; the next start removes them. */
    @Test
    void leftoverPasswordFiles_areRemovedWhenTheSourceIsCreated_andNoneIsWritten() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path tmpDir = Files.createDirectories(data.resolve("tmp"));
        Files.writeString(tmpDir.resolve("pgpass123.tmp"), "127.0.0.1:5432:*:postgres:" + SECRET + "\n");
        Files.writeString(tmpDir.resolve("pgpass456.tmp"), "x");
        Files.writeString(tmpDir.resolve("restore99.pgdump"), "not a password file");
        var settings = new Settings("sis-db", "postgres", Map.of("host", server.host(),
                "port", (long) server.port(), "database", "postgres", "user", "postgres", "password", SECRET));

        try (var s = (PostgresSource) new PostgresSourceFactory().create(settings, () -> data)) {
            assertThat(tmpDir.resolve("pgpass123.tmp")).doesNotExist();
            assertThat(tmpDir.resolve("pgpass456.tmp")).doesNotExist();
            assertThat(tmpDir.resolve("restore99.pgdump")).exists();
            s.dump(parts, log);
        }
        try (var files = Files.list(tmpDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("restore99.pgdump");
        }
    }

    @Test
    void unreachableHost_namesTheSource() throws Exception {
        var closed = new DbEndpoint("127.0.0.1", PgTestServer.freePort(), "postgres", SECRET, PostgresSource.JDBC);
        assertThatThrownBy(() -> source(closed, "sis", null, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sis-db").hasMessageContaining("cannot connect")
                .message().doesNotContain(SECRET);
    }

    @Test
    void missingDatabase_namesIt() {
        assertThatThrownBy(() -> source(server, "no_such_db_lb", null, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sis-db").hasMessageContaining("no_such_db_lb")
                .hasMessageContaining("does not exist");
    }

    @Test
    void dumpToolFailingMidway_reportsExitCodeAndItsLastWords() throws Exception {
        String db = dbs.create("lb_fail");
        Path bin = fakeBin("printf 'PGDMP partial'; echo 'pg_dump: error: simulated failure' >&2; exit 1");
        assertThatThrownBy(() -> source(server, db, bin, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(db).hasMessageContaining("exit code 1")
                .hasMessageContaining("simulated failure");
        assertThat(log.lines).anyMatch(l -> l.contains("simulated failure"));
    }

    @Test
    void hangingDumpTool_isKilledAtTheTimeout() throws Exception {
        String db = dbs.create("lb_hang");
        Path bin = fakeBin("exec sleep 60");
        long start = System.nanoTime();
        assertThatThrownBy(() -> source(server, db, bin, Duration.ofSeconds(1)).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("timed out").hasMessageContaining(db);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void pgDumpOlderThanServer_namesBothVersions() throws Exception {
        Path bin = fakeBin("exit 0", "pg_dump (PostgreSQL) 9.6.24");
        assertThatThrownBy(() -> source(server, "postgres", bin, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("9.6").hasMessageContaining("older than the server")
                .hasMessageMatching("(?s).*PostgreSQL 1\\d.*");
    }

    @Test
    void missingTool_namesTheDebianPackage() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
        assertThatThrownBy(() -> source(server, "postgres", empty, null).dump(parts, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pg_dump").hasMessageContaining("postgresql-client");
    }

    /**
     * What a kill -9 half way through a restore leaves (the database renamed aside, the restored scratch database,
     * a spooled part) is cleaned up by the next restore of it: the live database gets its name back with its rows,
     * the scratch database and the dead process's spool file are gone, each step is logged; a database kept aside
     * after the swap had finished is kept and named.
     */
    @Test
    void interruptedSwap_isCleanedUpByTheNextRestore_andTheLiveDatabaseComesBack() throws Exception {
        String live = dbs.create("i13_pgswap");
        dbs.exec(live, "create table t (x int); insert into t values (1), (2), (3)");
        var src = source(server, live, null, null);
        src.dump(parts, log);
        String old = live + "_lbold_20260101000000_abcd";
        String scratch = live + "_lbnew_20260101000000_1234";
        String keptOld = live + "_lbold_20250101000000_beef";
        try {
            dbs.exec("postgres", "alter database " + live + " rename to " + old);
            dbs.exec("postgres", "create database " + scratch + " template template0");
            dbs.exec(scratch, "create table t (x int)");
            Path tmpDir = Files.createDirectories(tmp.resolve("tmp"));
            Path orphan = Files.writeString(tmpDir.resolve("restore-999999999-1.pgdump"), "half a dump");
            Path running = Files.writeString(tmpDir.resolve("restore-" + ProcessHandle.current().pid()
                    + "-2.pgdump"), "in use");

            assertThatThrownBy(() -> src.restore(parts, Map.of(), log))
                    .as("the live database is back, so it is not replaced without --force")
                    .hasMessageContaining("exists and is not empty");

            assertThat(dbs.queryLong(live, "select count(*) from t")).isEqualTo(3);
            assertThat(databases(live + "_lb%")).isEmpty();
            assertThat(orphan).doesNotExist();
            assertThat(running).exists();
            assertThat(String.join("\n", log.lines))
                    .contains("'" + live + "'", "was missing after an interrupted restore", "'" + old + "'",
                            "has its name again")
                    .contains("dropped the scratch database '" + scratch + "'")
                    .contains("deleted " + orphan);

            // killed after the restored database had the name: the previous one is kept, the restore goes on
            dbs.exec("postgres", "create database " + keptOld + " template template0");
            dbs.exec(keptOld, "create table earlier (x int)");
            dbs.exec(live, "insert into t values (4)");
            src.restore(parts, Map.of("force", "true"), log);
            assertThat(dbs.queryLong(live, "select count(*) from t")).isEqualTo(3);
            assertThat(databases(live + "_lb%")).containsExactly(keptOld);
            assertThat(String.join("\n", log.lines)).contains("'" + keptOld + "'", "kept", "drop '" + keptOld);
        } finally {
            for (String db : new String[] {old, scratch, keptOld}) {
                dbs.exec("postgres", "drop database if exists " + db + " with (force)");
            }
        }
    }

    private List<String> databases(String like) throws SQLException {
        var out = new ArrayList<String>();
        try (Connection c = server.connect("postgres");
                PreparedStatement ps = c.prepareStatement("select datname from pg_database where datname like ?")) {
            ps.setString(1, like.replace("_", "\\_"));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A binDir whose pg_dump runs the given shell body (answering --version like the real one). */
    private Path fakeBin(String body) throws IOException {
        return fakeBin(body, null);
    }

    private Path fakeBin(String body, String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
        String versionLine = version == null ? "exec /usr/bin/pg_dump --version" : "echo '" + version + "'; exit 0";
        Path script = bin.resolve("pg_dump");
        Files.writeString(script, "#!/bin/sh\nif [ \"$1\" = --version ]; then " + versionLine + "; fi\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String real : new String[] {"pg_dumpall", "pg_restore", "psql"}) {
            Files.createSymbolicLink(bin.resolve(real), Path.of("/usr/bin", real));
        }
        return bin;
    }
}
