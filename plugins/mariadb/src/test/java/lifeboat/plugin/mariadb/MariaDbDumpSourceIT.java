package lifeboat.plugin.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lifeboat.spi.DumpSource;
import lifeboat.support.db.DbEndpoint;
import lifeboat.testkit.DumpSourceContractTest;
import lifeboat.testkit.TestDatabases;
import org.junit.jupiter.api.BeforeEach;

/** The dump source contract against the test server, with mariadb-dump and mariadb run on this machine. */
class MariaDbDumpSourceIT extends DumpSourceContractTest {
    DbEndpoint server;
    MariaDbTestDb dbs;

    @BeforeEach
    void setUp() throws Exception {
        server = MariaDbTestServer.shared();
        dbs = new MariaDbTestDb(server);
    }

    @Override
    protected DumpSource newSource(String database) {
        return new MariaDbSource(sourceName(), server, database, MariaDbTools.local(null), Duration.ofMinutes(2),
                tmp.resolve("tmp"));
    }

    @Override
    protected String sourceName() {
        return "library-db";
    }

    @Override
    protected TestDatabases databases() {
        return dbs;
    }

    @Override
    protected void dropWithoutTheSource(String db) throws SQLException {
        dbs.exec("", "drop database " + db);
    }

    @Override
    protected List<String> dumpParts(String db) {
        return List.of(db + ".sql");
    }

    @Override
    protected Map<String, Long> schoolRowCounts() {
        return Map.of("grades", 120000L, "students", 2000L, "library_loans", 5000L, "audit_log", 2000L);
    }

    /** Views and sequences are no tables: their rows are not counted. */
    @Override
    @SuppressWarnings("unchecked")
    protected void checkSchoolFingerprint(Map<String, Object> fingerprint, String db) {
        assertThat((Map<String, Long>) db(fingerprint, db).get("tables"))
                .doesNotContainKey("report_cards").doesNotContainKey("grade_numbers");
    }

    @Override
    protected String ledgerTable(String table) {
        return "create table " + table + " (id bigint auto_increment primary key, step bigint not null)";
    }

    /** zstd -dc FILE | mariadb DB. */
    @Override
    protected void restoreWithPlainTools(Path dir, String db, String copy) throws Exception {
        String conn = "-h " + server.host() + " -P " + server.port() + " --protocol=TCP -u " + server.user();
        dbs.shell(List.of("bash", "-c", "set -euo pipefail; cd " + dir
                + "; mariadb " + conn + " -e 'create database " + copy + " character set utf8mb4'"
                + "; zstd -dc " + db + ".sql.zst | mariadb " + conn + " " + copy), null);
    }

    @Override
    protected Object schoolExtras(String db) throws SQLException {
        return dbs.queryLong(db, "select next_not_cached_value from grade_numbers");
    }

    @Override
    protected void checkRestoredSchool(String db, Object sequenceBefore) throws SQLException {
        assertThat(dbs.queryLong(db, "select next_not_cached_value from grade_numbers")).isEqualTo(sequenceBefore);
        // the trigger, function and view came back and work
        dbs.exec(db, "insert into students (first_name, last_name) values ('Neu', 'Schüler')");
        assertThat(dbs.queryLong(db, "select count(*) from audit_log")).isEqualTo(2001L);
        assertThat(dbs.queryLong(db, "select count(*) from report_cards")).isEqualTo(120000L);
        assertThat(dbs.queryLong(db, "select average_score(1) is not null")).isEqualTo(1L);
    }

    /** The copy gets the character set and collation the dump recorded, not the server's defaults. */
    @Override
    protected void checkRestoredCopy(String copy) throws SQLException {
        assertThat(dbs.queryLong("", "select count(*) from information_schema.schemata where schema_name = '" + copy
                + "' and default_collation_name = 'utf8mb4_unicode_ci'")).isEqualTo(1);
    }
}
