package lifeboat.plugin.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A share on the school's file server, backed up over SFTP with the same archive, manifest and levels. */
class SftpSourceIT {
    @TempDir
    Path dir;
    SshTestServer server;
    Path share;

    @BeforeEach
    void start() throws Exception {
        server = new SshTestServer(dir);
        share = Files.createDirectories(server.root.resolve("srv/staff"));
        write("Unterricht/Mathe/Brüche.txt", "4/8 = 1/2\n");
        write("Verwaltung/noten-7a.csv", "anna;2\n");
        write("tmp/cache.tmp", "skip me\n");
        byte[] photo = new byte[700_000];
        new Random(5).nextBytes(photo);
        Files.write(share.resolve("Unterricht/foto.jpg"), photo);
        Files.createDirectories(share.resolve("leer"));
        Files.createSymbolicLink(share.resolve("Mathe"), Path.of("Unterricht/Mathe"));
        Files.setAttribute(share.resolve("Verwaltung/noten-7a.csv"), "unix:mode", 0640);
        Files.setLastModifiedTime(share.resolve("Unterricht/foto.jpg"), FileTime.from(Instant.parse("2025-03-01T08:00:00Z")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void write(String rel, String content) throws Exception {
        Path p = share.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private Lifeboat open() throws Exception {
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: staff-share
                    type: sftp
                    host: 127.0.0.1
                    port: %d
                    user: %s
                    password: ${env:SFTP_PASSWORD}
                    knownHosts: %s
                    path: /srv/staff
                    exclude: ["*.tmp"]
                    storage: [local]
                """.formatted(server.port(), SshTestServer.USER, server.knownHosts()));
        PluginRegistry plugins = PluginRegistry.load();
        Map<String, String> env = Map.of("SFTP_PASSWORD", SshTestServer.PASSWORD);
        return Lifeboat.open(new ConfigLoader(plugins, env::get).load(config), plugins);
    }

    @Test
    void shareOverSftp_backsUpIncrementallyAndRestoresExactly() throws Exception {
        try (Lifeboat lb = open()) {
            BackupService backups = lb.backups();
            BackupResult full = backups.backup("staff-share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(full.status().label()).as(full.toString()).isEqualTo("complete");
            assertThat(full.files()).isEqualTo(3); // the .tmp file is excluded

            BackupResult unchanged = backups.backup("staff-share", Level.INCREMENTAL, Progress.NONE, Attempt.BY_HAND);
            assertThat(unchanged.changedFiles()).isZero();

            write("Verwaltung/noten-7a.csv", "anna;1\nben;3\n");
            Files.setLastModifiedTime(share.resolve("Verwaltung/noten-7a.csv"), FileTime.from(Instant.parse("2026-11-02T10:00:00Z")));
            Files.delete(share.resolve("Unterricht/Mathe/Brüche.txt"));
            BackupResult inc = backups.backup("staff-share", Level.INCREMENTAL, Progress.NONE, Attempt.BY_HAND);
            assertThat(inc.status().label()).isEqualTo("complete");
            assertThat(inc.changedFiles()).isEqualTo(1);
            assertThat(inc.deletedFiles()).isEqualTo(1);

            Path target = dir.resolve("restored");
            RestoreResult r = lb.restorer().restore(inc.id(), target, null, false, Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(tree(target)).isEqualTo(tree(share));
            assertThat(Files.readSymbolicLink(target.resolve("Mathe"))).isEqualTo(Path.of("Unterricht/Mathe"));
            assertThat(Files.getAttribute(target.resolve("Verwaltung/noten-7a.csv"), "unix:mode")).isEqualTo(0100640);
            assertThat(Files.getLastModifiedTime(target.resolve("Unterricht/foto.jpg")).toInstant())
                    .isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));
        }
    }

    @Test
    void changedHostKey_failsTheBackupWithTheFingerprint() throws Exception {
        try (Lifeboat lb = open()) {
            server.restartWithNewHostKey();
            BackupResult b = lb.backups().backup("staff-share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).isEqualTo("failed");
            assertThat(b.error()).contains("SHA256:").doesNotContain(SshTestServer.PASSWORD);
        }
    }

    /** Path, type and content of every entry below the root, excluding .tmp files. */
    static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty() || rel.endsWith(".tmp")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir");
                } else {
                    out.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        out.keySet().removeIf(k -> k.equals("tmp"));
        return out;
    }
}
