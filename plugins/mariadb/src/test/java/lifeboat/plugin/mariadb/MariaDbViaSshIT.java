package lifeboat.plugin.mariadb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.db.testing.ViaSshDumpSourceTest;
import lifeboat.testkit.TestDatabases;
import org.junit.jupiter.api.AfterEach;

/** mariadb-dump and mariadb over SSH, JDBC through a port forward, driven by the core. */
class MariaDbViaSshIT extends ViaSshDumpSourceTest {
    /**
     * root on the test server has no password; this account is made for the test and dropped after it, named
     * uniquely because other test runs share the server.
     */
    private final String dbUser = "lb_via_" + UUID.randomUUID().toString().substring(0, 8);

    private DbEndpoint server;
    private MariaDbTestDb dbs;

    @AfterEach
    void dropUser() throws Exception {
        dbs.exec("", "drop user if exists '" + dbUser + "'@'%'; drop user if exists '" + dbUser + "'@'localhost'");
    }

    @Override
    protected String type() {
        return "mariadb";
    }

    @Override
    protected String user() {
        return dbUser;
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
        server = MariaDbTestServer.shared();
        dbs = new MariaDbTestDb(server);
        String db = dbs.create("lb_via");
        dbs.exec(db, "create table students (id int primary key, name text);"
                + " insert into students select seq, concat('Schüler ', seq) from seq_1_to_250;"
                + " create table grades (student int references students(id), grade int);"
                + " insert into grades select seq % 250 + 1, seq % 6 + 1 from seq_1_to_1000");
        dbs.exec("", "create user if not exists '" + dbUser + "'@'%' identified by '" + DB_PASSWORD + "';"
                + " create user if not exists '" + dbUser + "'@'localhost' identified by '" + DB_PASSWORD + "';"
                + " grant all on *.* to '" + dbUser + "'@'%';"
                + " grant all on *.* to '" + dbUser + "'@'localhost'");
        return db;
    }

    @Override
    protected long databasesNamed(String prefix) throws Exception {
        return dbs.queryLong("", "select count(*) from information_schema.schemata where schema_name like '"
                + prefix + "%'");
    }

    @Override
    protected String table(String name) {
        return name;
    }

    @Override
    protected String dumpTool() {
        return "mariadb-dump";
    }

    @Override
    protected String restoreTool() {
        return "mariadb";
    }

    @Override
    protected String passwordFileOption(Path remoteTmp) {
        return "'--defaults-extra-file=" + remoteTmp + "/lifeboat-";
    }

    @Override
    protected void installFailingDumpTool(Path bin) throws Exception {
        Path fake = bin.resolve("mariadb-dump");
        Files.writeString(fake, """
                #!/bin/sh
                printf -- '-- partial dump\\n'
                echo "%s" >&2
                exit 3
                """.formatted(dumpToolError()));
        fake.toFile().setExecutable(true);
    }

    @Override
    protected String dumpToolError() {
        return "mariadb-dump: Got error: disk on fire";
    }

    @Override
    protected boolean isDumpPart(Path file) {
        return file.toString().contains(".sql");
    }
}
