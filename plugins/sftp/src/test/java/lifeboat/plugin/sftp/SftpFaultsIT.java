package lifeboat.plugin.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys, credentials and server-side failures against an in-process SSH server (one per test). */
class SftpFaultsIT {
    @TempDir
    Path dir;

    SshTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SshTestServer(dir);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void check_writesNothing_andNamesAPathThatCannotHoldARepository() throws Exception {
        try (SftpStorage storage = server.storage("/new/repo", Map.of())) {
            storage.check();
        }
        try (Stream<Path> left = Files.walk(server.root)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        Files.writeString(server.root.resolve("plainfile"), "not a directory");
        try (SftpStorage storage = server.storage("/plainfile/repo", Map.of())) {
            assertThatThrownBy(storage::check).isInstanceOf(IOException.class).hasMessageContaining("/plainfile/repo");
        }
    }

    @Test
    void changedHostKey_isRefusedNamingTheNewFingerprint() throws Exception {
        Path trusted = server.knownHosts();
        Path saved = Files.copy(trusted, dir.resolve("known_hosts.before"));
        String savedText = Files.readString(saved);
        server.restartWithNewHostKey();
        String newFingerprint = KeyUtils.getFingerPrint(currentHostKey());
        try (SftpStorage storage = server.storage("/repo", Map.of("knownHosts", saved))) {
            assertThatThrownBy(() -> storage.list(""))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("has CHANGED")
                    .hasMessageContaining(newFingerprint)
                    .hasMessageContaining(saved.toString());
            assertThatThrownBy(() -> storage.create("x")).hasMessageContaining("has CHANGED");
        }
        assertThat(Files.readString(saved)).isEqualTo(savedText); // never rewritten
    }

    @Test
    void unknownHost_isRefusedNamingTheFingerprint() throws Exception {
        Path empty = server.emptyKnownHosts();
        try (SftpStorage storage = server.storage("/repo", Map.of("knownHosts", empty))) {
            assertThatThrownBy(() -> storage.stat("x"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is not in " + empty)
                    .hasMessageContaining(KeyUtils.getFingerPrint(currentHostKey()))
                    .hasMessageContaining("ecdsa-sha2-nistp256");
        }
        assertThat(Files.readString(empty)).isEmpty();
    }

    @Test
    void missingKnownHostsFile_isAConfigError() {
        assertThatThrownBy(() -> server.storage("/repo", Map.of("knownHosts", dir.resolve("nope"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("knownHosts file")
                .hasMessageContaining("ssh-keyscan");
    }

    @Test
    void wrongPassword_clearErrorWithoutThePassword() throws Exception {
        String wrong = "not-the-Pa55word-123";
        try (SftpStorage storage = server.storage("/repo", Map.of("password", wrong))) {
            assertThatThrownBy(() -> storage.list(""))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("authentication as 'backup' on 127.0.0.1:" + server.port() + " failed")
                    .hasMessageContaining("check password")
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong).doesNotContain(SshTestServer.PASSWORD);
                        }
                    });
        }
    }

    @Test
    void publicKeyAuth_withAndWithoutPassphrase() throws Exception {
        Path plain = server.clientKey(null);
        try (SftpStorage storage = server.storage("/repo", keyOnly(plain, null))) {
            put(storage, "a/one", "1".getBytes(UTF_8));
            assertThat(storage.list("a/")).extracting(ObjectInfo::key).containsExactly("a/one");
        }
        Path encrypted = server.clientKey("correct horse");
        try (SftpStorage storage = server.storage("/repo", keyOnly(encrypted, "correct horse"))) {
            assertThat(storage.list("a/")).extracting(ObjectInfo::key).containsExactly("a/one");
        }
        assertThatThrownBy(() -> server.storage("/repo", keyOnly(encrypted, "wrong horse")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot load privateKey " + encrypted)
                .hasMessageNotContaining("wrong horse");
    }

    @Test
    void pendingObject_isATempFileBesideTheTarget_untilCommit() throws Exception {
        try (SftpStorage storage = server.storage("/repo", Map.of())) {
            try (PendingObject out = storage.create("backups/s/1/data")) {
                out.write(new byte[200_000]);
                out.flush();
                Path remoteDir = server.root.resolve("repo/backups/s/1");
                assertThat(files(remoteDir)).singleElement().asString().startsWith(".data.lifeboat-tmp-");
                out.commit();
                assertThat(files(remoteDir)).containsExactly("data");
            }
            assertThat(storage.stat("backups/s/1/data")).get().extracting(ObjectInfo::size).isEqualTo(200_000L);
        }
    }

    @Test
    void diskFull_writeFailsCleanly_andNoObjectAppears() throws Exception {
        try (SftpStorage storage = server.storage("/repo", Map.of())) {
            put(storage, "full/old", "old".getBytes(UTF_8));
            PendingObject out = storage.create("full/new");
            out.write(new byte[100_000]);
            server.diskFull.set(true);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    out.write(new byte[100_000]);
                }
                out.commit();
            }).isInstanceOf(IOException.class)
                    .hasMessageContaining("'full/new'")
                    .hasMessageContaining(storage.location());
            out.close();
            server.diskFull.set(false);
            assertThat(storage.stat("full/new")).isEmpty();
            assertThat(storage.list("full/")).extracting(ObjectInfo::key).containsExactly("full/old");
            assertThat(files(server.root.resolve("repo/full"))).containsExactly("old");
            // the storage is still usable afterwards
            put(storage, "full/new", "ok".getBytes(UTF_8));
            assertThat(get(storage, "full/new")).isEqualTo("ok".getBytes(UTF_8));
        }
    }

    @Test
    void withoutPosixRename_commitStillReplacesTheObject() throws Exception {
        server.withoutPosixRename();
        try (SftpStorage storage = server.storage("/repo", Map.of())) {
            var channel = new SftpSessions(storage.config()).channel();
            try {
                assertThat(channel.getExtension(SftpStorage.POSIX_RENAME)).isNull();
            } finally {
                channel.getSession().disconnect();
            }
            put(storage, "r", "old".getBytes(UTF_8));
            put(storage, "r", "new".getBytes(UTF_8));
            assertThat(get(storage, "r")).isEqualTo("new".getBytes(UTF_8));
            assertThat(files(server.root.resolve("repo"))).containsExactly("r");
        }
    }

    @Test
    void serverLimitsChannelsPerSession_moreSessionsAreOpened() throws Exception {
        server.limitChannelsPerSession(2);
        try (SftpStorage storage = server.storage("/repo", Map.of())) {
            List<PendingObject> open = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                open.add(storage.create("m/" + i));
            }
            for (PendingObject p : open) {
                p.write(new byte[10]);
                p.commit();
            }
            assertThat(storage.sessionCount()).isGreaterThanOrEqualTo(3);
            assertThat(storage.list("m/")).hasSize(5);
        }
    }

    @Test
    void serverRestart_sessionIsReopened() throws Exception {
        try (SftpStorage storage = server.storage("/repo", Map.of())) {
            put(storage, "k", "v".getBytes(UTF_8));
            server.stop();
            server.start();
            assertThat(get(storage, "k")).isEqualTo("v".getBytes(UTF_8));
        }
    }

    @Test
    void concurrentWriters_shareOneStorage() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SftpStorage storage = server.storage("/repo", Map.of())) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        put(storage, "c/" + thread + "/" + i, new byte[1000 * (i + 1)]);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            assertThat(storage.list("c/")).hasSize(20);
        } finally {
            pool.shutdownNow();
        }
    }

    private java.security.PublicKey currentHostKey() throws Exception {
        // what the server presents now, read back through the known_hosts line it would be trusted with
        String line = Files.readString(server.knownHosts()).trim();
        return org.apache.sshd.common.config.keys.PublicKeyEntry.parsePublicKeyEntry(line.substring(line.indexOf(' ') + 1))
                .resolvePublicKey(null, null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING);
    }

    private static Map<String, Object> keyOnly(Path key, String passphrase) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("password", null);
        m.put("privateKey", key);
        m.put("passphrase", passphrase);
        return m;
    }

    private static List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void put(SftpStorage storage, String key, byte[] data) throws IOException {
        try (PendingObject out = storage.create(key)) {
            out.write(data);
            out.commit();
        }
    }

    private static byte[] get(SftpStorage storage, String key) throws IOException {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        }
    }
}
