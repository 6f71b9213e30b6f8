package lifeboat.support.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.restore.DumpRestoreService;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.trial.TrialRestoreService;
import lifeboat.spi.DumpSource;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.ssh.testing.SshExecServer;
import lifeboat.testkit.TestDatabases;
import lifeboat.testkit.TestParts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose port is only reachable on its own host, backed up and restored through Lifeboat's core with
 * viaHost: the dump and restore tools run over SSH exec channels of an in-process SSH server (which runs them on
 * this machine), JDBC goes through a port forward. Every database plugin runs it: extend it and supply the
 * fixture. It lives beside {@link SshExecServer} rather than in the testkit because it drives the core.
 */
public abstract class ViaSshDumpSourceTest {
    /** Travels only in the remote password file; a server that trusts the account ignores it. */
    protected static final String DB_PASSWORD = "Db-Pa55-only-in-a-password-file";
    static final String KEY_PASSPHRASE = "Key-passphrase-77";

    @TempDir
    protected Path dir;
    protected SshExecServer ssh;
    protected Path remoteTmp;
    protected String db;

    // ---- the fixture

    /** The source type, e.g. {@code postgres}. */
    protected abstract String type();

    /** The test server; valid once {@link #createSchoolDatabase()} ran. */
    protected abstract DbEndpoint server();

    /** The account the source connects as, with {@link #DB_PASSWORD}. */
    protected String user() {
        return server().user();
    }

    /** Creates a uniquely named database holding 250 students and 1000 grades; returns its name. */
    protected abstract String createSchoolDatabase() throws Exception;

    /** The test server's scratch databases; the suite drops them after each test. */
    protected abstract TestDatabases databases();

    /** How many databases the server has whose name starts with {@code prefix}. */
    protected abstract long databasesNamed(String prefix) throws Exception;

    /** A table's name as the fingerprint gives it, e.g. {@code public.grades}. */
    protected abstract String table(String name);

    /** Restore options beside toDb this plugin needs on the test server. */
    protected Map<String, String> restoreOptions() {
        return Map.of();
    }

    /** The dump and restore programs as the remote shell runs them, e.g. {@code pg_dump}. */
    protected abstract String dumpTool();

    protected abstract String restoreTool();

    /** How the remote command line points the tool at its password file, up to the file's directory. */
    protected abstract String passwordFileOption(Path remoteTmp);

    /**
     * Writes into {@code bin} a dump tool (and what it needs beside it) that writes part of a dump, prints
     * {@link #dumpToolError()} to stderr and exits 3.
     */
    protected abstract void installFailingDumpTool(Path bin) throws Exception;

    protected abstract String dumpToolError();

    /** Whether a stored object's file holds a dump part. */
    protected abstract boolean isDumpPart(Path file);

    // ---- the tests

    @BeforeEach
    void startSsh() throws Exception {
        ssh = new SshExecServer(dir.resolve("ssh"));
        remoteTmp = Files.createDirectories(dir.resolve("remote-tmp"));
        db = createSchoolDatabase();
    }

    @AfterEach
    void stopSshAndDropDatabases() throws Exception {
        ssh.close();
        databases().dropAll();
    }

    protected Lifeboat open(String sshPassword, String extra) throws Exception {
        return open(sshPassword, extra, "    viaPassword: ${env:SSH_PASSWORD}");
    }

    private Lifeboat open(String sshPassword, String extra, String auth) throws Exception {
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: sis-db
                    type: %s
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
                """.formatted(type(), server().host(), server().port(), db, user(), ssh.port(), SshExecServer.USER,
                ssh.knownHosts(), remoteTmp, extra, auth));
        PluginRegistry plugins = PluginRegistry.load();
        Map<String, String> env = Map.of("SSH_PASSWORD", sshPassword, "DB_PASSWORD", DB_PASSWORD,
                "KEY_PASSPHRASE", KEY_PASSPHRASE);
        return Lifeboat.open(new ConfigLoader(plugins, env::get).load(config), plugins);
    }

    @Test
    void backupAndRestoreOverSsh_sameRowsAndSchema_noSecretOnTheCommandLine() throws Exception {
        String restored = databases().name("lb_via_restored");
        try (Lifeboat lb = open(SshExecServer.PASSWORD, "")) {
            BackupResult b = lb.backups().backup("sis-db", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).as(b.toString()).isEqualTo("complete");

            var options = new HashMap<>(restoreOptions());
            options.put("toDb", restored);
            RestoreResult r = lb.dumpRestorer().restore(b.id(), options, Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(databases().queryLong(restored, "select count(*) from grades")).isEqualTo(1000);

            try (var source = (DumpSource) lb.sources().open(lb.sources().get("sis-db"))) {
                var original = (Map<?, ?>) ((Map<?, ?>) source.fingerprint(Map.of()).get("databases")).get(db);
                var copy = (Map<?, ?>) ((Map<?, ?>) source.fingerprint(Map.of("toDb", restored)).get("databases"))
                        .get(restored);
                assertThat(copy).isEqualTo(original);
                assertThat(original.get("tables")).isEqualTo(Map.of(table("grades"), 1000L, table("students"), 250L));
            }
        }
        assertThat(ssh.commands).anyMatch(c -> c.contains("'" + dumpTool() + "'"))
                .anyMatch(c -> c.contains("'" + restoreTool() + "'"))
                .anyMatch(c -> c.contains(passwordFileOption(remoteTmp)));
        assertThat(ssh.commands).noneMatch(c -> c.contains(DB_PASSWORD) || c.contains(SshExecServer.PASSWORD));
        try (Stream<Path> left = Files.list(remoteTmp)) {
            assertThat(left).as("the remote password files and their directories are removed").isEmpty();
        }
    }

    /** Key login with an encrypted key; a trial restore (scratch database, checks, drop) runs over the tunnel. */
    @Test
    void encryptedKeyLogin_andTrialRestoreOverSsh() throws Exception {
        Path key = ssh.clientKey(KEY_PASSPHRASE);
        try (Lifeboat lb = open(SshExecServer.PASSWORD, "",
                "    viaPrivateKey: " + key + "\n    viaPassphrase: ${env:KEY_PASSPHRASE}")) {
            BackupResult b = lb.backups().backup("sis-db", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).as(b.toString()).isEqualTo("complete");
            var trial = lb.trials().trial("sis-db", b.id(), Progress.NONE);
            assertThat(trial.passed()).as(trial.toString()).isTrue();
            assertThat(databasesNamed("lifeboat_trial_")).as("the scratch database is dropped").isZero();
        }
        assertThat(ssh.commands).noneMatch(c -> c.contains(KEY_PASSPHRASE));
    }

    @Test
    void changedHostKey_refusedWithTheFingerprint() throws Exception {
        try (Lifeboat lb = open(SshExecServer.PASSWORD, "")) {
            ssh.restartWithNewHostKey();
            BackupResult b = lb.backups().backup("sis-db", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).isEqualTo("failed");
            assertThat(b.error()).contains("has CHANGED").contains(ssh.hostKeyFingerprint())
                    .doesNotContain(SshExecServer.PASSWORD);
        }
        assertThat(ssh.commands).isEmpty();
    }

    @Test
    void wrongSshPassword_refusedWithoutThePassword() throws Exception {
        String wrong = "Wrong-ssh-Pa55-123";
        try (Lifeboat lb = open(wrong, "")) {
            BackupResult b = lb.backups().backup("sis-db", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).isEqualTo("failed");
            assertThat(b.error()).contains("authentication as '" + SshExecServer.USER + "'")
                    .doesNotContain(wrong).doesNotContain(SshExecServer.PASSWORD);
            for (Throwable t = b.cause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
            }
            assertThat(String.join("\n", b.warnings())).doesNotContain(wrong);
        }
    }

    @Test
    void remoteDumpToolFails_backupFailedAndNothingLeft() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("remote-bin"));
        installFailingDumpTool(bin);
        try (Lifeboat lb = open(SshExecServer.PASSWORD, "    binDir: " + bin)) {
            BackupResult b = lb.backups().backup("sis-db", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).isEqualTo("failed");
            assertThat(b.error()).contains(dumpTool() + " of").contains("exit code 3").contains("disk on fire")
                    .contains("via ssh://");
            // the remote stderr reaches the job's log line by line
            var log = new TestParts.Log();
            try (var source = (DumpSource) lb.sources().open(lb.sources().get("sis-db"))) {
                assertThatThrownBy(() -> source.dump(new TestParts(Files.createDirectories(dir.resolve("parts"))), log))
                        .hasMessageContaining("exit code 3");
            }
            assertThat(String.join("\n", log.lines)).contains(dumpToolError());
        }
        try (Stream<Path> s = Files.walk(dir.resolve("repo"))) {
            assertThat(s.filter(Files::isRegularFile).filter(this::isDumpPart).toList())
                    .as("partial objects are removed").isEmpty();
        }
        try (Stream<Path> left = Files.list(remoteTmp)) {
            assertThat(left).isEmpty();
        }
    }
}
