package lifeboat.plugin.mariadb;

import java.nio.file.Files;
import java.nio.file.Path;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.db.testing.ViaSshDumpSourceTest;
import org.junit.jupiter.api.AfterEach;

/** mariadb-dump and mariadb over SSH, JDBC through a port forward, driven by the core. */
class MariaDbViaSshIT extends ViaSshDumpSourceTest {
    /** root on the test server has no password; this account is made for the test and dropped after it. */
    static final String DB_USER = "lb_via_user";

    private DbEndpoint server;
    private MariaDbTestDb dbs;

    @AfterEach
    void dropDatabasesAndUser() throws Exception {
        dbs.dropAll();
        dbs.exec("", "drop user if exists '" + DB_USER + "'@'%'; drop user if exists '" + DB_USER + "'@'localhost'");
    }

    @Override
    protected String type() {
        return "mariadb";
    }

    @Override
    protected String host() {
        return server.host();
    }

    @Override
    protected int port() {
        return server.port();
    }

    @Override
    protected String user() {
        return DB_USER;
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
        dbs.exec("", "create user if not exists '" + DB_USER + "'@'%' identified by '" + DB_PASSWORD + "';"
                + " create user if not exists '" + DB_USER + "'@'localhost' identified by '" + DB_PASSWORD + "';"
                + " grant all on *.* to '" + DB_USER + "'@'%';"
                + " grant all on *.* to '" + DB_USER + "'@'localhost'");
        return db;
    }

    @Override
    protected String databaseName(String prefix) {
        return dbs.name(prefix);
    }

    @Override
    protected long queryLong(String db, String sql) throws Exception {
        return dbs.queryLong(db, sql);
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
