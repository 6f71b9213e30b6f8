package lifeboat.plugin.s3;

import java.io.IOException;
import java.util.Map;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import lifeboat.testkit.StorageContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract against S3Proxy, each test on a fresh bucket, with a key prefix as deployments use it. */
class S3StorageIT extends StorageContractTest {
    @RegisterExtension
    static final S3ProxyServer SERVER = new S3ProxyServer();

    @Override
    protected Storage newStorage() throws IOException {
        return SERVER.storage(SERVER.newBucket(), Map.of("prefix", "school/"));
    }

    /**
     * A process killed mid-write leaves something on S3 only once its multipart upload began, i.e. after the
     * first part filled (smaller objects were only in memory). So fill a part before abandoning, else there is
     * nothing for removeIncomplete to find.
     */
    @Override
    protected void abandonWithoutClose(PendingObject pending) throws IOException {
        pending.write(new byte[S3Config.MIN_PART_SIZE]);
        pending.flush();
    }
}
