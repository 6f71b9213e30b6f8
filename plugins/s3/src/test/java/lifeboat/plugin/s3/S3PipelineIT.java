package lifeboat.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupResult;
import lifeboat.core.backup.BackupService;
import lifeboat.core.backup.CopyResult;
import lifeboat.core.backup.CopyService;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.restore.RestoreResult;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.verify.Verifier;
import lifeboat.core.verify.VerifyResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Whole backups through S3: written to local and offsite in one pass, encrypted or not, verified and restored. */
class S3PipelineIT {
    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer();

    @TempDir
    Path dir;
    Path share;
    String bucket;

    @BeforeEach
    void share() throws Exception {
        share = Files.createDirectories(dir.resolve("share"));
        Files.createDirectories(share.resolve("staff/HB"));
        Files.writeString(share.resolve("staff/HB/noten.csv"), "anna;2\nben;1\n");
        byte[] video = new byte[12 * 1024 * 1024]; // several multipart parts at 5 MiB
        new Random(9).nextBytes(video);
        Files.write(share.resolve("staff/HB/lecture.mp4"), video);
        Files.createSymbolicLink(share.resolve("latest"), Path.of("staff/HB"));
        bucket = S3.newBucket();
    }

    private Lifeboat open(String storage, String encryption) throws Exception {
        Path config = Files.writeString(dir.resolve("lifeboat.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                  - name: offsite
                    type: s3
                    endpoint: %s
                    region: us-east-1
                    bucket: %s
                    pathStyle: true
                    prefix: school
                    accessKey: %s
                    secretKey: ${env:S3_SECRET}
                    partSize: 5242880
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: %s
                %s
                """.formatted(S3.endpoint(), bucket, S3ProxyServer.ACCESS_KEY, storage, encryption));
        PluginRegistry plugins = PluginRegistry.load();
        Map<String, String> env = Map.of("S3_SECRET", S3ProxyServer.SECRET_KEY);
        return Lifeboat.open(new ConfigLoader(plugins, env::get).load(config), plugins);
    }

    @Test
    void encryptedBackup_landsOnLocalAndS3_andRestoresFromS3Alone() throws Exception {
        KeyPair keys = new X25519KeyPairGenerator().generateKeyPair();
        Files.writeString(dir.resolve("age.key"), keys.getPrivate().toString() + "\n");
        String encryption = "    encryption:\n      recipients: [" + keys.getPublic() + "]\n"
                + "      identity: ${file:age.key}\n";
        try (Lifeboat lb = open("[local, offsite]", encryption)) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).as(b.toString()).isEqualTo("complete");
            assertThat(S3.admin().listObjectsV2(r -> r.bucket(bucket).prefix("school/")).contents())
                    .extracting(o -> o.key()).anyMatch(k -> k.endsWith("/data.tar.zst.age"));
            List<VerifyResult> checks = lb.verifier().verify(lb.inventory().backup(b.id()).orElseThrow(),
                    VerifyMode.FULL, 100, null, Progress.NONE);
            assertThat(checks).extracting(VerifyResult::storage).containsExactlyInAnyOrder("local", "offsite");
            assertThat(checks).allSatisfy(v -> {
                assertThat(v.ok()).as(v.toString()).isTrue();
                assertThat(v.filesChecked()).isEqualTo(2);
            });

            deleteTree(dir.resolve("repo"));
            RestoreResult r = lb.restorer().restore(b.id(), dir.resolve("restored"), null, false, Progress.NONE);
            assertThat(r.problems()).isEmpty();
            assertThat(r.storage()).isEqualTo("offsite");
            assertThat(tree(dir.resolve("restored"))).isEqualTo(tree(share));
        }
    }

    @Test
    void copy_bringsS3UpToDate_andTheCopyVerifies() throws Exception {
        try (Lifeboat lb = open("[local]", "")) {
            BackupResult b = lb.backups().backup("share", Level.FULL, Progress.NONE, Attempt.BY_HAND);
            assertThat(b.status().label()).isEqualTo("complete");
            List<CopyResult> copied = lb.copies().copy("local", "offsite", List.of("share"), Progress.NONE);
            assertThat(copied).singleElement().satisfies(c -> assertThat(c.status().label()).isEqualTo("copied"));
            List<VerifyResult> checks = lb.verifier().verify(lb.inventory().backup(b.id()).orElseThrow(),
                    VerifyMode.FULL, 100, "offsite", Progress.NONE);
            assertThat(checks).singleElement().satisfies(v -> assertThat(v.ok()).as(v.toString()).isTrue());
            RestoreResult r = lb.restorer().restore(b.id(), dir.resolve("restored"), null, false, Progress.NONE);
            assertThat(tree(dir.resolve("restored"))).isEqualTo(tree(share));
        }
    }

    static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel, "dir");
                } else {
                    out.put(rel, Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
