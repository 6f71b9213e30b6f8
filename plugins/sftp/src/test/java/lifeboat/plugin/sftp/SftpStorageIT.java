package lifeboat.plugin.sftp;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lifeboat.spi.Storage;
import lifeboat.testkit.StorageContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against an in-process SSH server, each test in a fresh remote directory. */
class SftpStorageIT extends StorageContractTest {
    private static final AtomicInteger REPOS = new AtomicInteger();

    @TempDir
    static Path dir;

    static SshTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new SshTestServer(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Storage newStorage() throws Exception {
        return server.storage("/volume1/repo-" + REPOS.incrementAndGet(), Map.of());
    }
}
