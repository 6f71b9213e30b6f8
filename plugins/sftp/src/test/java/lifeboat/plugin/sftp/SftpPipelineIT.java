package lifeboat.plugin.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Random;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.verify.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole backups to an SFTP target (a NAS), with and without encryption: written, verified, restored. */
class SftpPipelineIT {
    @TempDir
    Path dir;
    SshTestServer server;
    Path share;

    @BeforeEach
    void start() throws Exception {
        server = new SshTestServer(dir);
        share = Files.createDirectories(dir.resolve("share/staff"));
        Files.writeString(share.resolve("noten.csv"), "anna;2\n");
        byte[] photo = new byte[3_000_000];
        new Random(11).nextBytes(photo);
        Files.write(share.resolve("klassenfoto.jpg"), photo);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backupToNas_verifiesAndRestores(boolean encrypted) throws Exception {
        String encryption = "";
        if (encrypted) {
            KeyPair keys = new X25519KeyPairGenerator().generateKeyPair();
            Files.writeString(dir.resolve("age.key"), keys.getPrivate().toString() + "\n");
            encryption = "    encryption:\n      recipients: [" + keys.getPublic() + "]\n      identity: ${file:age.key}\n";
        }
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: nas
                    type: sftp
                    host: 127.0.0.1
                    port: %d
                    user: %s
                    password: ${env:NAS_PASSWORD}
                    knownHosts: %s
                    path: /volume1/lifeboat
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [nas]
                %s
                """.formatted(server.port(), SshTestServer.USER, server.knownHosts(), encryption));
        PluginRegistry plugins = PluginRegistry.load();
        Map<String, String> env = Map.of("NAS_PASSWORD", SshTestServer.PASSWORD);
        try (Lifeboat lb = Lifeboat.open(new ConfigLoader(plugins, env::get).load(config), plugins)) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).as(b.toString()).isEqualTo("complete");
            Path remote = server.root.resolve("volume1/lifeboat/backups/share/" + b.id());
            assertThat(remote.resolve(encrypted ? "data.tar.zst.age" : "data.tar.zst")).exists();
            assertThat(remote.resolve("backup.json")).exists();
            assertThat(lb.verifier().verify(lb.inventory().backup(b.id()).orElseThrow(), VerifyMode.FULL, 100, null,
                    Progress.NONE)).singleElement().satisfies(v -> {
                        assertThat(v.ok()).as(v.toString()).isTrue();
                        assertThat(v.filesChecked()).isEqualTo(2);
                    });
            RestoreResult r = lb.restorer().restore(b.id(), dir.resolve("restored"), null, false, Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(SftpSourceIT.tree(dir.resolve("restored"))).isEqualTo(SftpSourceIT.tree(dir.resolve("share")));
        }
    }
}
