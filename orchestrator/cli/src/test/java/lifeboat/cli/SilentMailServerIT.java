package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupService;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail server that accepts connections and never answers: the backup that raised the alert returns while the
 * attempt is still waiting, and the attempt ends with the channel's timeout on record.
 */
class SilentMailServerIT {
    @TempDir
    Path dir;

    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void silentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // never writes the SMTP greeting
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void backupReturnsWhileTheMailAttemptWaits_andTheTimeoutIsRecorded() throws Exception {
        Files.createDirectories(dir.resolve("schedules"));
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"),
                Smtp.failingSource(Smtp.channel(silent.getLocalPort(), "[it@school.example]", "3s")));
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(PluginRegistry.load()).load(config), PluginRegistry.load())) {
            try {
                lb.backups().backup("sis-files", Level.FULL, Progress.NONE, Attempt.BY_HAND);
                throw new AssertionError("the backup of a missing directory must fail");
            } catch (Exception e) {
                // the backup service reported it, as for the backup command
            }
            // raise() returned: the message is on record and its attempt has not ended (the server has not even
            // greeted), so the caller was not held up by the mail server
            NotificationRecord n = lb.inventory().notifications(null).get(0);
            assertThat(n.attempts()).isZero();
            assertThat(n.state().label()).isIn("pending", "sending");
            await().atMost(Duration.ofSeconds(20)).until(() -> held.size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> lb.inventory().notification(n.id()).orElseThrow()
                    .attempts() == 1);
            NotificationRecord after = lb.inventory().notification(n.id()).orElseThrow();
            assertThat(after.state().label()).isEqualTo("pending");
            assertThat(after.lastError()).contains("it-email").contains("3s");
        }
    }
}
