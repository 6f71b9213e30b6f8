package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign, outages: the S3 server (S3Proxy) stops while a backup uploads to it. The backup fails naming the
 * target, no copy on it claims complete, and once the server is back the next backup succeeds and verifies in full.
 */
class OutageCampaignIT {
    static final String ACCESS = "campaign-outage";
    static final String SECRET = "campaign-outage-secret";

    @TempDir
    Path dir;
    S3Proxy s3;
    int port;

    @AfterEach
    void stop() throws Exception {
        if (s3 != null) {
            s3.stop();
        }
    }

    private void startS3(Path basedir) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        p.setProperty("jclouds.filesystem.basedir", basedir.toString());
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS);
        p.setProperty("s3proxy.credential", SECRET);
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        s3 = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem", p)).build();
        s3.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
        port = s3.getPort();
    }

    private void stopS3() throws Exception {
        s3.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(s3.getState()));
        s3 = null;
    }

    private static boolean holdsBackupData(Path bucket) throws Exception {
        try (Stream<Path> s = Files.walk(bucket)) {
            return s.filter(Files::isRegularFile).anyMatch(f -> !f.getFileName().toString().equals("lifeboat-repo.json"));
        }
    }

    @Test
    void s3StoppedMidBackup_failsNamingTheTarget_nothingClaimsComplete_andTheNextRunSucceeds() throws Exception {
        Path s3data = Files.createDirectories(dir.resolve("s3data"));
        startS3(s3data);
        Path bucket = Files.createDirectories(s3data.resolve("school-backups"));
        Campaign.share(dir.resolve("share"), Campaign.seed("outage"), 50, 20);
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: s3
                    endpoint: http://127.0.0.1:%d
                    region: us-east-1
                    bucket: school-backups
                    pathStyle: true
                    accessKey: %s
                    secretKey: %s
                    partSize: 5242880
                    parallelUploads: 1
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local, offsite]
                """.formatted(port, ACCESS, SECRET));

        CompletableFuture<Cli.Result> backup = CompletableFuture.supplyAsync(() -> Cli.on(config, "backup", "share", "--json"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> backup.isDone() || holdsBackupData(bucket));
        assertThat(backup.isDone()).as("the backup was still uploading when the server stopped").isFalse();
        stopS3();
        Cli.Result failed = backup.get(5, TimeUnit.MINUTES);
        String said = failed.out() + failed.err();
        Campaign.assertNoStackTrace("backup during the S3 outage", said);
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(said).contains("offsite");
        assertThat(failed.json().get("status").asText()).as(failed.toString()).isNotEqualTo("complete");
        int falseCompletes = 0;
        JsonNode list = Cli.on(config, "list", "--json").json();
        for (JsonNode b : list) {
            falseCompletes += "complete".equals(b.get("status").asText()) ? 1 : 0;
            for (JsonNode c : b.path("copies")) {
                falseCompletes += c.asText().startsWith("offsite:complete") ? 1 : 0;
            }
        }

        startS3(s3data);
        Cli.Result next = Cli.on(config, "backup", "share", "--json");
        assertThat(next.code()).as(next.toString()).isZero();
        assertThat(next.json().get("status").asText()).isEqualTo("complete");
        Cli.Result verify = Cli.on(config, "verify", next.json().get("id").asText(), "--mode", "full", "--target", "offsite");
        assertThat(verify.code()).as(verify.toString()).isZero();
        Campaign.count("outage", "S3 stopped mid-backup: exit " + failed.code() + ", false completes " + falseCompletes
                + ", next run " + next.json().get("status").asText());
        assertThat(falseCompletes).isZero();
    }
}
