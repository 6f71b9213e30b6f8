package lifeboat.plugin.mariadb;

import lifeboat.support.ssh.testing.SshExecServer;
import lifeboat.testkit.TestParts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.PluginRegistry;
import lifeboat.core.Progress;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.model.Level;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.restore.DumpRestoreService;
import lifeboat.core.restore.RestoreResult;
import lifeboat.spi.DumpSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import lifeboat.support.db.DbEndpoint;

/**
 * A MariaDB database whose port is only reachable on its own host, backed up and restored through Lifeboat's
 * core with viaHost: mariadb-dump and mariadb run over SSH exec channels of an in-process SSH server (which runs
 * them on this machine), JDBC goes through a port forward.
 */
class MariaDbViaSshIT {
    /** root on the test server has no password; this account is made for the test and dropped after it. */
    static final String DB_USER = "lb_via_user";
    static final String DB_PASSWORD = "Db-Pa55-only-in-my.cnf";

    @TempDir
    Path dir;
    SshExecServer ssh;
    MariaDbTestDb dbs;
    Path remoteTmp;
    String db;

    @BeforeEach
    void setUp() throws Exception {
        ssh = new SshExecServer(dir.resolve("ssh"));
        dbs = new MariaDbTestDb(MariaDbTestServer.shared());
        remoteTmp = Files.createDirectories(dir.resolve("remote-tmp"));
        db = dbs.create("lb_via");
        dbs.exec(db, "create table students (id int primary key, name text);"
                + " insert into students select seq, concat('Schüler ', seq) from seq_1_to_250;"
                + " create table grades (student int references students(id), grade int);"
                + " insert into grades select seq % 250 + 1, seq % 6 + 1 from seq_1_to_1000");
        dbs.exec("", "create user if not exists '" + DB_USER + "'@'%' identified by '" + DB_PASSWORD + "';"
                + " create user if not exists '" + DB_USER + "'@'localhost' identified by '" + DB_PASSWORD + "';"
                + " grant all on *.* to '" + DB_USER + "'@'%';"
                + " grant all on *.* to '" + DB_USER + "'@'localhost'");
    }

    @AfterEach
    void tearDown() throws Exception {
        ssh.close();
        dbs.dropAll();
        dbs.exec("", "drop user if exists '" + DB_USER + "'@'%'; drop user if exists '" + DB_USER + "'@'localhost'");
    }

    private Lifeboat open(String database, String sshPassword, String extra) throws Exception {
        DbEndpoint server = MariaDbTestServer.shared();
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: sis-db
                    type: mariadb
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    password: ${env:DB_PASSWORD}
                    timeout: 2m
                    viaHost: 127.0.0.1
                    viaPort: %d
                    viaUser: %s
                    viaPassword: ${env:SSH_PASSWORD}
                    viaKnownHosts: %s
                    viaTmpDir: %s
                %s
                    storage: [local]
                """.formatted(server.host(), server.port(), database, DB_USER, ssh.port(), SshExecServer.USER,
                ssh.knownHosts(), remoteTmp, extra));
        PluginRegistry plugins = PluginRegistry.load();
        Map<String, String> env = Map.of("SSH_PASSWORD", sshPassword, "DB_PASSWORD", DB_PASSWORD);
        return Lifeboat.open(new ConfigLoader(plugins, env::get).load(config), plugins);
    }

    @Test
    void backupAndRestoreOverSsh_sameRowsAndSchema_noSecretOnTheCommandLine() throws Exception {
        String restored = dbs.name("lb_via_restored");
        try (Lifeboat lb = open(db, SshExecServer.PASSWORD, "")) {
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).as(b.toString()).isEqualTo("complete");

            RestoreResult r = new DumpRestoreService(lb).restore(b.id(),
                    Map.of("toDb", restored), Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(dbs.queryLong(restored, "select count(*) from grades")).isEqualTo(1000);

            try (var source = (DumpSource) lb.openSource(lb.sourceConfig("sis-db"))) {
                var original = (Map<?, ?>) ((Map<?, ?>) source.fingerprint(Map.of()).get("databases")).get(db);
                var copy = (Map<?, ?>) ((Map<?, ?>) source.fingerprint(Map.of("toDb", restored)).get("databases"))
                        .get(restored);
                assertThat(copy).isEqualTo(original);
                assertThat(original.get("tables")).isEqualTo(Map.of("grades", 1000L, "students", 250L));
            }
        }
        assertThat(ssh.commands).anyMatch(c -> c.contains("'mariadb-dump'")).anyMatch(c -> c.contains("'mariadb'"))
                .anyMatch(c -> c.contains("'--defaults-extra-file=" + remoteTmp + "/lifeboat-"));
        assertThat(ssh.commands).noneMatch(c -> c.contains(DB_PASSWORD) || c.contains(SshExecServer.PASSWORD));
        try (Stream<Path> left = Files.list(remoteTmp)) {
            assertThat(left).as("the remote password files and their directories are removed").isEmpty();
        }
    }

    @Test
    void changedHostKey_refusedWithTheFingerprint() throws Exception {
        try (Lifeboat lb = open(db, SshExecServer.PASSWORD, "")) {
            ssh.restartWithNewHostKey();
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).isEqualTo("failed");
            assertThat(b.error()).contains("has CHANGED").contains(ssh.hostKeyFingerprint())
                    .doesNotContain(SshExecServer.PASSWORD);
        }
        assertThat(ssh.commands).isEmpty();
    }

    @Test
    void wrongSshPassword_refusedWithoutThePassword() throws Exception {
        String wrong = "Wrong-ssh-Pa55-123";
        try (Lifeboat lb = open(db, wrong, "")) {
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).isEqualTo("failed");
            assertThat(b.error()).contains("authentication as '" + SshExecServer.USER + "'")
                    .doesNotContain(wrong).doesNotContain(SshExecServer.PASSWORD);
            for (Throwable t = b.cause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
            }
            assertThat(String.join("\n", b.warnings())).doesNotContain(wrong);
        }
    }

    /** A mariadb-dump on the database host that writes part of a dump, complains and exits 3. */
    @Test
    void remoteDumpToolFails_backupFailedAndNothingLeft() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("remote-bin"));
        Path fake = bin.resolve("mariadb-dump");
        Files.writeString(fake, """
                #!/bin/sh
                printf -- '-- partial dump\\n'
                echo "mariadb-dump: Got error: disk on fire" >&2
                exit 3
                """);
        fake.toFile().setExecutable(true);
        try (Lifeboat lb = open(db, SshExecServer.PASSWORD, "    binDir: " + bin)) {
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).isEqualTo("failed");
            assertThat(b.error()).contains("mariadb-dump of").contains("exit code 3").contains("disk on fire")
                    .contains("via ssh://");
            // the remote stderr reaches the job's log line by line
            var log = new TestParts.Log();
            try (var source = (DumpSource) lb.openSource(lb.sourceConfig("sis-db"))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        source.dump(new TestParts(Files.createDirectories(dir.resolve("parts"))), log))
                        .hasMessageContaining("exit code 3");
            }
            assertThat(String.join("\n", log.lines)).contains("mariadb-dump: Got error: disk on fire");
        }
        try (Stream<Path> s = Files.walk(dir.resolve("repo"))) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> p.toString().contains(".sql")).toList()).as("partial objects are removed").isEmpty();
        }
        try (Stream<Path> left = Files.list(remoteTmp)) {
            assertThat(left).isEmpty();
        }
    }
}
