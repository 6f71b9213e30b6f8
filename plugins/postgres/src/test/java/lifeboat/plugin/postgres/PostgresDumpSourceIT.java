package lifeboat.plugin.postgres;

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

/** The dump source contract against the test server, with pg_dump and pg_restore run on this machine. */
class PostgresDumpSourceIT extends DumpSourceContractTest {
    DbEndpoint server;
    PgTestDb dbs;

    @BeforeEach
    void setUp() throws Exception {
        server = PgTestServer.shared();
        dbs = new PgTestDb(server);
    }

    @Override
    protected DumpSource newSource(String database) {
        return new PostgresSource(sourceName(), server, database, PgTools.local(null), 1, Duration.ofMinutes(2),
                tmp.resolve("tmp"));
    }

    @Override
    protected String sourceName() {
        return "sis-db";
    }

    @Override
    protected TestDatabases databases() {
        return dbs;
    }

    @Override
    protected void dropWithoutTheSource(String db) throws SQLException {
        dbs.exec("postgres", "drop database " + db + " with (force)");
    }

    @Override
    protected List<String> dumpParts(String db) {
        return List.of("globals.sql", db + ".pgdump");
    }

    @Override
    protected Map<String, Long> schoolRowCounts() {
        return Map.of("public.grades", 120000L, "public.students", 2000L, "admin.library_loans", 5000L,
                "public.audit_log", 2004L);
    }

    @Override
    protected String ledgerTable(String table) {
        return "create table " + table + " (id bigserial primary key, step bigint not null)";
    }

    @Override
    protected void restoreWithPlainTools(Path dir, String db, String copy) throws Exception {
        String conn = "-h " + server.host() + " -p " + server.port() + " -U " + server.user();
        dbs.shell(List.of("bash", "-c", "set -euo pipefail; cd " + dir
                + "; zstd -dc globals.sql.zst | psql -X -q " + conn + " -d postgres >/dev/null 2>&1 || true"
                + "; createdb " + conn + " -T template0 " + copy
                + "; zstd -dc " + db + ".pgdump.zst | pg_restore " + conn + " --exit-on-error -d " + copy), null);
        assertThat(dbs.queryLong(copy, "select last_value from grade_numbers"))
                .isEqualTo(dbs.queryLong(db, "select last_value from grade_numbers"));
    }

    @Override
    protected void checkSchoolFingerprint(Map<String, Object> fingerprint, String db) {
        assertThat(fingerprint.get("serverVersion").toString()).startsWith("1");
    }

    @Override
    protected Object schoolExtras(String db) throws SQLException {
        return dbs.queryLong(db, "select last_value from grade_numbers");
    }

    @Override
    protected void checkRestoredSchool(String db, Object sequenceBefore) throws SQLException {
        long sequence = (Long) sequenceBefore;
        assertThat(dbs.queryLong(db, "select last_value from grade_numbers")).isEqualTo(sequence);
        assertThat(dbs.queryLong(db, "select nextval('grade_numbers')")).isEqualTo(sequence + 7);
        // the trigger and function came back and work
        dbs.exec(db, "insert into students (first_name, last_name) values ('Neu', 'Schüler')");
        assertThat(dbs.queryLong(db, "select count(*) from audit_log")).isEqualTo(2005L);
        assertThat(dbs.queryLong(db, "select count(*) from report_cards")).isEqualTo(120000L);
    }
}
