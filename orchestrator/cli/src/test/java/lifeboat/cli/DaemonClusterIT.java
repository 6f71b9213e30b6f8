package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat daemon} clustered: several daemon child processes on one real PostgreSQL catalog (trust auth, user
 * postgres; host and port from LIFEBOAT_TEST_PG_HOST/PORT), sharing local storage and dataDir. A fresh database per
 * test, dropped afterwards.
 */
class DaemonClusterIT {
    private static final String HOST = env("LIFEBOAT_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("LIFEBOAT_TEST_PG_PORT", "5432");
    /** Cluster check-in every second: a dead node is noticed in seconds, not the default 7.5 s + grace. */
    private static final String CHECKIN = "-Dlifeboat.clusterCheckinInterval=1000";

    @TempDir
    Path dir;

    String db;
    final Map<String, Process> nodes = new LinkedHashMap<>();

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database + "?user=postgres";
    }

    @BeforeEach
    void createDatabase() throws Exception {
        db = "lifeboat_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
    }

    @AfterEach
    void stopNodesAndDropDatabase() throws Exception {
        for (Process p : nodes.values()) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + db + " with (force)");
        }
    }

    private Path install(String jobs) throws IOException {
        Files.createDirectories(dir.resolve("share"));
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/test.yaml"), "timezone: Europe/London\njobs:\n" + jobs);
        return Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                catalog:
                  url: %s
                scheduler:
                  cluster: true
                  maxConcurrentJobs: 2
                  retries: 0
                  shutdownGrace: 20s
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                """.formatted(url(db)));
    }

    private Process node(Path config, String name, String... jvm) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Xmx256m");
        cmd.addAll(List.of(jvm));
        cmd.addAll(List.of("-jar", KillNineIT.jar().toString(), "--config", config.toString(), "daemon", "--no-web"));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        nodes.put(name, p);
        return p;
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"));
    }

    /** The node name a daemon process records in job_runs: host:pid. */
    private static String nodeName(Process p) {
        return lifeboat.core.backup.ProcessOwner.current().replaceAll(":\\d+$", ":" + p.pid());
    }

    private List<Map<String, Object>> query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url(db)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private long count(String sql) throws Exception {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }

    private void stopAllWithSigterm() throws Exception {
        for (Map.Entry<String, Process> e : nodes.entrySet()) {
            if (e.getValue().isAlive()) {
                e.getValue().destroy(); // SIGTERM
            }
        }
        for (Map.Entry<String, Process> e : nodes.entrySet()) {
            Process p = e.getValue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(e.getKey() + " stops").isTrue();
            if (!e.getKey().startsWith("killed") && !e.getKey().startsWith("refused")) {
                assertThat(p.exitValue()).as(e.getKey() + ": " + log(e.getKey())).isZero();
                assertThat(log(e.getKey())).contains("stopping: no new jobs");
            }
        }
    }

    /** Every complete backup passes a full verify: all of its objects are on storage and read back intact. */
    private void everyCompleteBackupVerifies(Path config) throws Exception {
        List<Map<String, Object>> complete = query("select id from backups where status = 'complete'");
        assertThat(complete).isNotEmpty();
        for (Map<String, Object> b : complete) {
            Cli.Result v = Cli.on(config, "verify", (String) b.get("id"), "--mode", "full");
            assertThat(v.code()).as(v.toString()).isZero();
        }
    }

    @Test
    void threeNodes_eachFireRunsOnExactlyOneNode_spreadOverNodes_andSigtermExitsZero() throws Exception {
        Path config = install("""
                  - name: every-2s
                    action: backup
                    level: incremental
                    cron: "*/2 * * * * ?"
                  - name: verify-every-3s
                    action: verify
                    mode: quick
                    cron: "*/3 * * * * ?"
                """);
        Cli.write(dir.resolve("share"), "staff/noten.csv", "name;note\nanna;2\n");
        Cli.write(dir.resolve("share"), "shared/Handouts/Brüche.txt", "4/8 = 1/2\n");
        for (String n : List.of("n1", "n2", "n3")) {
            node(config, n, CHECKIN);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from job_runs where job = 'every-2s' and status = 'complete'") >= 12
                        && count("select count(distinct node) from job_runs") >= 2);
        // a daemon without scheduler.cluster (own dataDir, as on another machine) is refused next to the cluster
        Path lone = Files.writeString(dir.resolve("lone.yaml"), Files.readString(config)
                .replace("cluster: true", "cluster: false").replace("dataDir: ./var", "dataDir: ./var-lone"));
        Process refused = node(lone, "refused");
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as(log("refused")).isEqualTo(2);
        assertThat(log("refused")).contains("already serves the catalog").contains("(cluster)")
                .contains("scheduler.cluster: true");
        stopAllWithSigterm();

        for (String n : List.of("n1", "n2", "n3")) {
            assertThat(log(n)).contains("started: catalog").contains("cluster node");
        }
        List<Map<String, Object>> doubles = query("select job, source, scheduled_at, attempt, count(*) as n,"
                + " string_agg(node, ', ') as nodes from job_runs group by job, source, scheduled_at, attempt"
                + " having count(*) > 1");
        assertThat(doubles).as("fire times that ran more than once").isEmpty();
        assertThat(count("select count(*) from job_runs where status not in ('complete', 'skipped')"))
                .as("runs that did not complete: " + query("select * from job_runs where status not in"
                        + " ('complete', 'skipped')")).isZero();
        List<Map<String, Object>> byNode = query("select node, count(*) as n from job_runs group by node");
        assertThat(byNode).as("runs per node").hasSizeGreaterThanOrEqualTo(2);
        List<String> known = List.of("n1", "n2", "n3").stream().map(n -> nodeName(nodes.get(n))).toList();
        assertThat(byNode).allSatisfy(r -> assertThat(known).contains((String) r.get("node")));
        assertThat(count("select count(*) from backups where status <> 'complete'")).isZero();
        everyCompleteBackupVerifies(config);
    }

    @Test
    void aNodeKilledMidJob_itsJobIsRecoveredByAnotherNode_andNothingHalfWrittenLooksComplete() throws Exception {
        Path config = install("""
                  - name: nightly
                    action: backup
                    level: full
                    cron: "*/2 * * * * ?"
                """);
        Path video = Files.createDirectories(dir.resolve("share/video"));
        byte[] buf = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(video.resolve("unterricht.mp4"))) {
            for (int i = 0; i < 48; i++) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
        // the first node compresses slowly (zstd 19, one worker) and is alone when the job first fires
        Process slow = node(config, "killed", CHECKIN, "-Dlifeboat.zstd.level=19", "-Dlifeboat.zstd.workers=1");
        String slowNode = nodeName(slow);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> count("select count(*) from job_runs where status = 'running' and node = '" + slowNode + "'")
                        == 1 && count("select count(*) from backups where status = 'running'") == 1);
        node(config, "n2", CHECKIN);
        node(config, "n3", CHECKIN);
        await().atMost(Duration.ofSeconds(60)).until(() -> log("n2").contains("started: catalog")
                && log("n3").contains("started: catalog"));
        assertThat(slow.isAlive()).isTrue();
        assertThat(count("select count(*) from job_runs where status = 'running' and node = '" + slowNode + "'"))
                .as("the slow node is still mid-job when killed").isEqualTo(1);
        String killedBackup = (String) query("select id from backups where status = 'running'").get(0).get("id");
        slow.destroyForcibly(); // SIGKILL
        assertThat(slow.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // another node recovers the job (Quartz requestRecovery), the Janitor fails the killed backup, and a later
        // run of the job completes on a surviving node
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from job_runs where status = 'complete' and node <> '" + slowNode
                        + "'") >= 1
                        && count("select count(*) from job_runs where late_reason like 'recovered%'") >= 1
                        && "failed".equals(query("select status from backups where id = '" + killedBackup + "'")
                                .get(0).get("status"))
                        && count("select count(*) from job_runs where node = '" + slowNode + "' and status = 'running'")
                                == 0);
        stopAllWithSigterm();

        // the killed node's first run; fires it found still busy with that run are recorded as skipped beside it
        Map<String, Object> killedRun = query("select * from job_runs where node = '" + slowNode
                + "' and status <> 'skipped' order by id").get(0);
        assertThat(killedRun.get("status")).isEqualTo("interrupted");
        Map<String, Object> recovered = query("select * from job_runs where late_reason like 'recovered%'").get(0);
        assertThat((String) recovered.get("node")).isNotEqualTo(slowNode);
        assertThat(recovered.get("scheduled_at")).isEqualTo(killedRun.get("scheduled_at"));
        assertThat(query("select error from backups where id = '" + killedBackup + "'").get(0).get("error").toString())
                .contains("interrupted");
        assertThat(Files.walk(dir.resolve("repo")).filter(p -> p.toString().contains(killedBackup)).toList())
                .as("what the killed backup left on storage is removed").isEmpty();
        assertThat(count("select count(*) from job_runs where status = 'running'")).isZero();
        // each fire time ran once, apart from the recovered one (interrupted on the killed node, then run again)
        assertThat(query("select job, scheduled_at, attempt, count(*) from job_runs where status <> 'interrupted'"
                + " group by job, scheduled_at, attempt having count(*) > 1")).isEmpty();
        everyCompleteBackupVerifies(config);
    }

    @Test
    void anUnclusteredDaemonOnPostgres_runsAlone_refusingClusterNodesAndSecondDaemons() throws Exception {
        Path config = install("""
                  - name: every-2s
                    action: backup
                    level: incremental
                    cron: "*/2 * * * * ?"
                """);
        Cli.write(dir.resolve("share"), "staff/noten.csv", "name;note\nanna;2\n");
        Path lone = Files.writeString(dir.resolve("lone.yaml"), Files.readString(config)
                .replace("cluster: true", "cluster: false"));
        Process alone = node(lone, "alone");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("select count(*) from job_runs where status = 'complete'") >= 1);

        Process clusterNode = node(config, "refused-cluster");
        // another unclustered daemon with its own dataDir, as on a second machine: the dataDir lock cannot see it
        Path other = Files.writeString(dir.resolve("other.yaml"), Files.readString(lone)
                .replace("dataDir: ./var", "dataDir: ./var-other"));
        Process second = node(other, "refused-second");
        for (Process p : List.of(clusterNode, second)) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(clusterNode.exitValue()).as(log("refused-cluster")).isEqualTo(2);
        assertThat(log("refused-cluster")).contains("already serves the catalog").contains(nodeName(alone))
                .contains("without scheduler.cluster");
        assertThat(second.exitValue()).as(log("refused-second")).isEqualTo(2);
        assertThat(log("refused-second")).contains("already serves the catalog").contains(nodeName(alone));
        assertThat(count("select count(distinct node) from job_runs")).isEqualTo(1);
        stopAllWithSigterm();
        assertThat(log("alone")).doesNotContain("cluster node");
    }
}
