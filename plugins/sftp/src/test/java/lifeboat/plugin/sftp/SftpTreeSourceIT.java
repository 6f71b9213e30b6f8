package lifeboat.plugin.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lifeboat.spi.TreeSource;
import lifeboat.testkit.TreeSourceContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The tree source contract over SFTP, against an in-process SSH server, each test in a fresh remote share. */
class SftpTreeSourceIT extends TreeSourceContractTest {
    private static final AtomicInteger SHARES = new AtomicInteger();

    @TempDir
    static Path dir;

    static SshTestServer server;

    private String remotePath;

    @BeforeAll
    static void startServer() throws Exception {
        server = new SshTestServer(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newShare() throws Exception {
        remotePath = "/srv/share-" + SHARES.incrementAndGet();
        Files.createDirectories(share());
    }

    @Override
    protected Path share() {
        return server.root.resolve(remotePath.substring(1));
    }

    @Override
    protected TreeSource newSource(List<String> excludes) throws Exception {
        return (TreeSource) new SftpSourceFactory().create(server.settings(remotePath, Map.of("exclude", excludes)),
                () -> server.clientDir);
    }
}
