package lifeboat.plugin.postgres;

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
 * A PostgreSQL database whose port is only reachable on its own host, backed up and restored through Lifeboat's
 * core with viaHost: pg_dump and pg_restore run over SSH exec channels of an in-process SSH server (which runs
 * them on this machine), JDBC goes through a port forward.
 */
class PostgresViaSshIT {
    /** The trust-authenticated test server ignores it, but it still travels in the remote password file. */
    static final String DB_PASSWORD = "Db-Pa55-only-in-pgpass";

    @TempDir
    Path dir;
    SshExecServer ssh;
    PgTestDb dbs;
    Path remoteTmp;
    String db;

    @BeforeEach
    void setUp() throws Exception {
        ssh = new SshExecServer(dir.resolve("ssh"));
        dbs = new PgTestDb(PgTestServer.shared());
        remoteTmp = Files.createDirectories(dir.resolve("remote-tmp"));
        db = dbs.create("lb_via");
        dbs.exec(db, "create table students (id int primary key, name text);"
                + " insert into students select g, 'Schüler ' || g from generate_series(1, 250) g;"
                + " create table grades (student int references students, grade int);"
                + " insert into grades select g % 250 + 1, g % 6 + 1 from generate_series(1, 1000) g;");
    }

    @AfterEach
    void tearDown() throws Exception {
        ssh.close();
        dbs.dropAll();
    }

    static final String KEY_PASSPHRASE = "Key-passphrase-77";

    private Lifeboat open(String database, String sshPassword, String extra) throws Exception {
        return open(database, sshPassword, extra, "    viaPassword: ${env:SSH_PASSWORD}");
    }

    private Lifeboat open(String database, String sshPassword, String extra, String auth) throws Exception {
        DbEndpoint pg = PgTestServer.shared();
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: sis-db
                    type: postgres
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    password: ${env:DB_PASSWORD}
                    timeout: 2m
                    viaHost: 127.0.0.1
                    viaPort: %d
                    viaUser: %s
                    viaKnownHosts: %s
                    viaTmpDir: %s
                %s
                %s
                    storage: [local]
                """.formatted(pg.host(), pg.port(), database, pg.user(), ssh.port(), SshExecServer.USER,
                ssh.knownHosts(), remoteTmp, extra, auth));
        PluginRegistry plugins = PluginRegistry.load();
        Map<String, String> env = Map.of("SSH_PASSWORD", sshPassword, "DB_PASSWORD", DB_PASSWORD,
                "KEY_PASSPHRASE", KEY_PASSPHRASE);
        return Lifeboat.open(new ConfigLoader(plugins, env::get).load(config), plugins);
    }

    @Test
    void backupAndRestoreOverSsh_sameRowsAndSchema_noSecretOnTheCommandLine() throws Exception {
        String restored = dbs.name("lb_via_restored");
        try (Lifeboat lb = open(db, SshExecServer.PASSWORD, "")) {
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).as(b.toString()).isEqualTo("complete");

            RestoreResult r = new DumpRestoreService(lb).restore(b.id(),
                    Map.of("toDb", restored, "noOwner", "true"), Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(dbs.queryLong(restored, "select count(*) from grades")).isEqualTo(1000);

            try (var source = (DumpSource) lb.openSource(lb.sourceConfig("sis-db"))) {
                var original = (Map<?, ?>) ((Map<?, ?>) source.fingerprint(Map.of()).get("databases")).get(db);
                var copy = (Map<?, ?>) ((Map<?, ?>) source.fingerprint(Map.of("toDb", restored)).get("databases"))
                        .get(restored);
                assertThat(copy).isEqualTo(original);
                assertThat(original.get("tables")).isEqualTo(Map.of("public.grades", 1000L, "public.students", 250L));
            }
        }
        assertThat(ssh.commands).anyMatch(c -> c.contains("'pg_dump'")).anyMatch(c -> c.contains("'pg_restore'"))
                .anyMatch(c -> c.contains("PGPASSFILE='" + remoteTmp + "/lifeboat-"));
        assertThat(ssh.commands).noneMatch(c -> c.contains(DB_PASSWORD) || c.contains(SshExecServer.PASSWORD));
        try (Stream<Path> left = Files.list(remoteTmp)) {
            assertThat(left).as("the remote password files and their directories are removed").isEmpty();
        }
    }

    /** Key login with an encrypted key; a trial restore (scratch database, checks, drop) runs over the tunnel. */
    @Test
    void encryptedKeyLogin_andTrialRestoreOverSsh() throws Exception {
        Path key = ssh.clientKey(KEY_PASSPHRASE);
        try (Lifeboat lb = open(db, SshExecServer.PASSWORD, "",
                "    viaPrivateKey: " + key + "\n    viaPassphrase: ${env:KEY_PASSPHRASE}")) {
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).as(b.toString()).isEqualTo("complete");
            var trial = new lifeboat.core.trial.TrialRestoreService(lb, Map.of()).trial("sis-db", b.id(), Progress.NONE);
            assertThat(trial.passed()).as(trial.toString()).isTrue();
            assertThat(dbs.queryLong("postgres", "select count(*) from pg_database where datname like 'lifeboat_trial_%'"))
                    .as("the scratch database is dropped").isZero();
        }
        assertThat(ssh.commands).noneMatch(c -> c.contains(KEY_PASSPHRASE));
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

    /** A pg_dump on the database host that writes part of a dump, complains and exits 3. */
    @Test
    void remoteDumpToolFails_backupFailedAndNothingLeft() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("remote-bin"));
        Path fake = bin.resolve("pg_dump");
        Files.writeString(fake, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then exec %s --version; fi
                printf 'PGDMP partial dump'
                echo "pg_dump: error: disk on fire" >&2
                exit 3
                """.formatted(PgTools.local(null).require("pg_dump")));
        fake.toFile().setExecutable(true);
        Files.createSymbolicLink(bin.resolve("pg_dumpall"), PgTools.local(null).require("pg_dumpall"));
        try (Lifeboat lb = open(db, SshExecServer.PASSWORD, "    binDir: " + bin)) {
            BackupResult b = new BackupService(lb).backup("sis-db", Level.FULL, Progress.NONE);
            assertThat(b.status()).isEqualTo("failed");
            assertThat(b.error()).contains("pg_dump of").contains("exit code 3").contains("disk on fire")
                    .contains("via ssh://");
            // the remote stderr reaches the job's log line by line
            var log = new TestParts.Log();
            try (var source = (DumpSource) lb.openSource(lb.sourceConfig("sis-db"))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        source.dump(new TestParts(Files.createDirectories(dir.resolve("parts"))), log))
                        .hasMessageContaining("exit code 3");
            }
            assertThat(String.join("\n", log.lines)).contains("pg_dump: error: disk on fire");
        }
        try (Stream<Path> s = Files.walk(dir.resolve("repo"))) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> p.toString().contains(".pgdump")
                    || p.toString().contains("globals")).toList()).as("partial objects are removed").isEmpty();
        }
        try (Stream<Path> left = Files.list(remoteTmp)) {
            assertThat(left).isEmpty();
        }
    }
}
