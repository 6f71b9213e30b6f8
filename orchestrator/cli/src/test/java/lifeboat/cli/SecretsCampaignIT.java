package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.sun.net.httpserver.HttpServer;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign, secrets: a backup, verify, restore and notify round whose S3 keys, database password, age identity,
 * webhook URL and token come from {@code ${env:}} and {@code ${file:}}; then every output, log, catalog row (the H2
 * catalog dumped with SQL) and file left under dataDir and the targets is searched for those values: 0 hits.
 */
class SecretsCampaignIT {
    static final String DB = "campaign_secrets_" + ProcessHandle.current().pid();
    static final String S3_ACCESS = "campaign-AKIA-access-4e1d";
    static final String S3_SECRET = "campaign-S3-s3cr3t-9f2e";
    static final String DB_PASSWORD = "campaign-Pg-pw-77aa";
    static final String HOOK_TOKEN = "campaign-hook-token-5b5b";
    static final String HOOK_PATH = "campaign-url-secret-31c";

    @TempDir
    Path dir;
    S3Proxy s3;
    HttpServer hook;
    final List<String> hookRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (s3 != null) {
            s3.stop();
        }
        if (hook != null) {
            hook.stop(0);
        }
        CorruptionCampaignIT.sql("postgres", "drop database if exists " + DB + " with (force)",
                "drop database if exists " + DB + "_r with (force)");
    }

    private int startS3(Path basedir) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        p.setProperty("jclouds.filesystem.basedir", basedir.toString());
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", S3_ACCESS);
        p.setProperty("s3proxy.credential", S3_SECRET);
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        s3 = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem", p)).build();
        s3.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
        Files.createDirectories(basedir.resolve("school-backups"));
        return s3.getPort();
    }

    private int startHook() throws IOException {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", ex -> {
            hookRequests.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        return hook.getAddress().getPort();
    }

    @Test
    void aRoundWithEverySecret_leavesNoneInAnyOutputLogCatalogRowOrFile() throws Exception {
        CorruptionCampaignIT.sql("postgres", "drop database if exists " + DB + " with (force)", "create database " + DB);
        CorruptionCampaignIT.sql(DB, "create table pupils(id int primary key, name text)",
                "insert into pupils select g, 'pupil ' || g from generate_series(1, 50) g");
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(secrets, "age-keygen -o age.key 2>&1");
        assertThat(gen.code()).as(gen.output()).isZero();
        String recipient = gen.output().replaceAll("(?s).*(age1[0-9a-z]+).*", "$1");
        String ageSecret = Files.readAllLines(secrets.resolve("age.key")).stream()
                .filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
        int s3Port = startS3(Files.createDirectories(dir.resolve("s3data")));
        int hookPort = startHook();
        Files.writeString(secrets.resolve("s3-secret"), S3_SECRET + "\n");
        Files.writeString(secrets.resolve("hook-url"), "http://127.0.0.1:" + hookPort + "/hooks/" + HOOK_PATH + "\n");
        Cli.share(dir.resolve("share"));
        Path config = Cli.yaml()
                .offsiteS3(s3Port, "school-backups", null, "${env:LB_CAMPAIGN_S3_ACCESS}", "${file:secrets/s3-secret}")
                .files().encrypted(recipient, "${file:secrets/age.key}")
                .postgres("db", DB).password("${env:LB_CAMPAIGN_DB_PASSWORD}")
                .then("""
                notifications:
                  channels:
                    - name: hook
                      type: webhook
                      url: ${file:secrets/hook-url}
                      headers: ["Authorization: Bearer ${env:LB_CAMPAIGN_HOOK_TOKEN}"]
                  rules:
                    - events: ["*"]
                      channels: [hook]
                """).write(dir.resolve("lifeboat.yaml"));

        List<String> round = new ArrayList<>();
        for (String[] command : List.of(new String[] {"check-config"}, new String[] {"backup", "--all", "--verify", "--json"},
                new String[] {"list", "--json"}, new String[] {"verify", "--all", "--mode", "full", "--json"},
                new String[] {"restore", "share", "--to", dir.resolve("restored").toString(), "--json"},
                new String[] {"restore", "db", "--to-db", DB + "_r", "--force", "--json"},
                new String[] {"latest-good", "share", "--json"}, new String[] {"notify", "test", "hook", "--json"},
                new String[] {"notifications", "--attempts", "--json"}, new String[] {"coverage", "--json"})) {
            round.addAll(List.of("--config", config.toString()));
            round.addAll(List.of(command));
            round.add(Batch.NEXT);
        }
        round.remove(round.size() - 1);
        List<String> jvm = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target/test-classes").toAbsolutePath() + java.io.File.pathSeparator + KillNineIT.jar(),
                Batch.class.getName()));
        jvm.addAll(round);
        ProcessBuilder pb = new ProcessBuilder(jvm).directory(dir.toFile())
                .redirectOutput(dir.resolve("round.out").toFile()).redirectError(dir.resolve("round.err").toFile());
        pb.environment().put("LB_CAMPAIGN_S3_ACCESS", S3_ACCESS);
        pb.environment().put("LB_CAMPAIGN_DB_PASSWORD", DB_PASSWORD);
        pb.environment().put("LB_CAMPAIGN_HOOK_TOKEN", HOOK_TOKEN);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the round ends").isTrue();
        String out = Files.readString(dir.resolve("round.out"));
        String err = Files.readString(dir.resolve("round.err"));
        System.out.println("campaign secrets: the round said\n" + out.lines().filter(l -> l.startsWith("=== exit"))
                .reduce("", (a, b) -> a + "  " + b + "\n"));
        Campaign.assertNoStackTrace("the secrets round", out + err);
        assertThat(out).as(err).contains("=== exit 0: lifeboat --config " + config + " backup --all")
                .contains("=== exit 0: lifeboat --config " + config + " restore share")
                .contains("=== exit 0: lifeboat --config " + config + " notify test hook");
        assertThat(hookRequests).as("the webhook got its token: the secrets were used").anyMatch(r -> r.contains(HOOK_TOKEN));

        Map<String, String> secretsByName = new TreeMap<>(Map.of("S3 access key", S3_ACCESS, "S3 secret key", S3_SECRET,
                "database password", DB_PASSWORD, "webhook token", HOOK_TOKEN, "webhook URL path", HOOK_PATH,
                "age identity", ageSecret, "age identity body", ageSecret.substring("AGE-SECRET-KEY-".length())));
        List<String> hits = new ArrayList<>();
        int places = 0;
        hits.addAll(scan("stdout of the round", out, secretsByName));
        hits.addAll(scan("stderr of the round", err, secretsByName));
        places += 2;
        for (Map.Entry<String, String> row : catalogRows(dir.resolve("var")).entrySet()) {
            hits.addAll(scan(row.getKey(), row.getValue(), secretsByName));
            places++;
        }
        for (Path root : List.of(dir.resolve("var"), dir.resolve("repo"), dir.resolve("s3data"), dir.resolve("restored"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    hits.addAll(scan(dir.relativize(f).toString(),
                            new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), secretsByName));
                    places++;
                }
            }
        }
        try (Stream<Path> logs = Files.walk(dir)) {
            for (Path f : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                hits.addAll(scan(dir.relativize(f).toString(), Files.readString(f), secretsByName));
                places++;
            }
        }
        Campaign.count("secrets", "secret hits " + hits.size() + " in " + places + " outputs, catalog rows and files"
                + (hits.isEmpty() ? "" : ": " + hits));
        assertThat(hits).isEmpty();
    }

    private static List<String> scan(String where, String text, Map<String, String> secrets) {
        List<String> hits = new ArrayList<>();
        secrets.forEach((name, value) -> {
            if (text.contains(value)) {
                hits.add(name + " in " + where);
            }
        });
        return hits;
    }

    /** Every row of every table of the H2 catalog, as "table row N" to its values. */
    private static Map<String, String> catalogRows(Path dataDir) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        String url = "jdbc:h2:file:" + dataDir.resolve("catalog") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_schema, table_name from information_schema.tables"
                    + " where table_schema not in ('INFORMATION_SCHEMA')")) {
                while (rs.next()) {
                    tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
                }
            }
            assertThat(tables).as("the catalog has tables").isNotEmpty();
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("select * from " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = 0;
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.append(rs.getString(i)).append('\t');
                        }
                        rows.put(table + " row " + ++n, row.toString());
                    }
                }
            }
        }
        return rows;
    }
}
