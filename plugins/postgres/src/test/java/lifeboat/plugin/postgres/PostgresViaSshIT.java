package lifeboat.plugin.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.db.testing.ViaSshDumpSourceTest;
import lifeboat.testkit.TestDatabases;

/** pg_dump and pg_restore over SSH, JDBC through a port forward, driven by the core. */
class PostgresViaSshIT extends ViaSshDumpSourceTest {
    private DbEndpoint server;
    private PgTestDb dbs;

    @Override
    protected String type() {
        return "postgres";
    }

    @Override
    protected DbEndpoint server() {
        return server;
    }

    @Override
    protected TestDatabases databases() {
        return dbs;
    }

    @Override
    protected String createSchoolDatabase() throws Exception {
        server = PgTestServer.shared();
        dbs = new PgTestDb(server);
        String db = dbs.create("lb_via");
        dbs.exec(db, "create table students (id int primary key, name text);"
                + " insert into students select g, 'Schüler ' || g from generate_series(1, 250) g;"
                + " create table grades (student int references students, grade int);"
                + " insert into grades select g % 250 + 1, g % 6 + 1 from generate_series(1, 1000) g;");
        return db;
    }

    @Override
    protected long databasesNamed(String prefix) throws Exception {
        return dbs.queryLong("postgres", "select count(*) from pg_database where datname like '" + prefix + "%'");
    }

    @Override
    protected String table(String name) {
        return "public." + name;
    }

    @Override
    protected Map<String, String> restoreOptions() {
        return Map.of("noOwner", "true");
    }

    @Override
    protected String dumpTool() {
        return "pg_dump";
    }

    @Override
    protected String restoreTool() {
        return "pg_restore";
    }

    @Override
    protected String passwordFileOption(Path remoteTmp) {
        return "PGPASSFILE='" + remoteTmp + "/lifeboat-";
    }

    /** It answers --version as the real one does: the source checks the version before dumping. */
    @Override
    protected void installFailingDumpTool(Path bin) throws Exception {
        Path fake = bin.resolve("pg_dump");
        Files.writeString(fake, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then exec %s --version; fi
                printf 'PGDMP partial dump'
                echo "%s" >&2
                exit 3
                """.formatted(PgTools.local(null).require("pg_dump"), dumpToolError()));
        fake.toFile().setExecutable(true);
        Files.createSymbolicLink(bin.resolve("pg_dumpall"), PgTools.local(null).require("pg_dumpall"));
    }

    @Override
    protected String dumpToolError() {
        return "pg_dump: error: disk on fire";
    }

    @Override
    protected boolean isDumpPart(Path file) {
        return file.toString().contains(".pgdump") || file.toString().contains("globals");
    }
}
