package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign, outages: the S3 server (S3Proxy) or the SFTP server (MINA SSHD) stops while a backup uploads to it.
 * The backup fails naming the target, no copy on it claims complete, and once the server is back on the same port the
 * next backup succeeds and verifies in full. The SMTP server (GreenMail) stopped: an alert waits and arrives once.
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

    interface Server {
        void run() throws Exception;
    }

    @Test
    void s3StoppedMidBackup_failsNamingTheTarget_nothingClaimsComplete_andTheNextRunSucceeds() throws Exception {
        Path s3data = Files.createDirectories(dir.resolve("s3data"));
        startS3(s3data);
        Path bucket = Files.createDirectories(s3data.resolve("school-backups"));
        outage("S3", """
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
                """.formatted(port, ACCESS, SECRET), bucket, this::stopS3, () -> startS3(s3data));
    }

    @Test
    void sftpStoppedMidBackup_failsNamingTheTarget_nothingClaimsComplete_andTheNextRunSucceeds() throws Exception {
        Path root = Files.createDirectories(dir.resolve("sftp-root"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair hostKey = g.generateKeyPair();
        startSftp(root, hostKey);
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + sftpPort + " "
                + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        outage("SFTP", """
                  - name: offsite
                    type: sftp
                    host: 127.0.0.1
                    port: %d
                    user: backup
                    password: %s
                    knownHosts: ./known_hosts
                    path: /lifeboat
                """.formatted(sftpPort, SECRET), root, () -> {
                    sftp.stop(true);
                    sftp = null;
                }, () -> startSftp(root, hostKey));
    }

    GreenMail mail;

    @AfterEach
    void stopMail() {
        if (mail != null) {
            mail.stop();
        }
    }

    private void startMail(int smtpPort) {
        mail = Smtp.start(smtpPort, SECRET);
    }

    /**
     * The SMTP server (GreenMail) stops between a working test message and a failed backup's alert: the backup
     * reports its own failure (exit 1, naming the source, no stack trace, no password), the mail waits in the outbox,
     * and once the server is back on the same port {@code notifications --send} delivers it, once.
     */
    @Test
    void smtpStoppedBeforeAnAlert_theBackupReportsItsOwnFailure_andTheMailArrivesOnceLater() throws Exception {
        int smtpPort = Campaign.closedPort();
        startMail(smtpPort);
        Files.writeString(dir.resolve("smtp-password"), SECRET);
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"),
                Smtp.failingSource(Smtp.loginChannel(smtpPort, "[it@school.example]", "5s")));
        Cli.Result test = Cli.on(config, "notify", "test", "it-email");
        assertThat(test.code()).as(test.toString()).isZero();

        mail.stop();
        mail = null;
        Cli.Result failed = Cli.on(config, "backup", "sis-files");
        String said = failed.out() + failed.err();
        Campaign.assertNoStackTrace("backup during the SMTP outage", said);
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(said).contains("sis-files").doesNotContain(SECRET);
        Cli.Result stillDown = Cli.on(config, "notifications", "--send");
        // a stopped server refuses the connection, or (its socket still closing) accepts and never answers
        assertThat(stillDown.out()).contains("1 failed again").containsAnyOf("cannot connect", "no answer within")
                .doesNotContain(SECRET);

        startMail(smtpPort);
        Cli.Result sent = Cli.on(config, "notifications", "--send");
        assertThat(sent.code()).as(sent.toString()).isZero();
        assertThat(sent.out()).contains("sent 1 of 1 undelivered notifications");
        assertThat(Cli.on(config, "notifications", "--send").out()).contains("sent 0 of 0");
        long delivered = Stream.of(mail.getReceivedMessages()).filter(m -> {
            try {
                return "[Lifeboat] Backup of sis-files failed".equals(m.getSubject());
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
        Campaign.count("outage", "SMTP stopped before an alert: backup exit " + failed.code() + ", mails delivered"
                + " after the restart " + delivered);
        assertThat(delivered).isEqualTo(1);
    }

    SshServer sftp;
    int sftpPort;

    private void startSftp(Path root, KeyPair hostKey) throws Exception {
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(sftpPort);
        sftp.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sftp.setPasswordAuthenticator((user, password, session) -> "backup".equals(user) && SECRET.equals(password));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sftp.start();
        sftpPort = sftp.getPort();
    }

    @AfterEach
    void stopSftp() throws Exception {
        if (sftp != null) {
            sftp.stop(true);
        }
    }

    private void outage(String what, String target, Path stored, Server stop, Server start) throws Exception {
        Campaign.share(dir.resolve("share"), Campaign.seed("outage"), 50, 20);
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                %s
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local, offsite]
                """.formatted(target.stripTrailing()));

        CompletableFuture<Cli.Result> backup = CompletableFuture.supplyAsync(() -> Cli.on(config, "backup", "share", "--json"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> backup.isDone() || holdsBackupData(stored));
        assertThat(backup.isDone()).as("the backup was still uploading when the server stopped").isFalse();
        stop.run();
        Cli.Result failed = backup.get(5, TimeUnit.MINUTES);
        String said = failed.out() + failed.err();
        Campaign.assertNoStackTrace("backup during the " + what + " outage", said);
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

        start.run();
        Cli.Result next = Cli.on(config, "backup", "share", "--json");
        assertThat(next.code()).as(next.toString()).isZero();
        assertThat(next.json().get("status").asText()).isEqualTo("complete");
        Cli.Result verify = Cli.on(config, "verify", next.json().get("id").asText(), "--mode", "full", "--target", "offsite");
        assertThat(verify.code()).as(verify.toString()).isZero();
        Campaign.count("outage", what + " stopped mid-backup: exit " + failed.code() + ", false completes " + falseCompletes
                + ", next run " + next.json().get("status").asText());
        assertThat(falseCompletes).isZero();
    }
}
