package lifeboat.plugin.s3;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lifeboat.spi.Settings;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy in this JVM, on a free loopback port, storing into a temporary directory with its filesystem provider.
 * Register it as a static extension; {@link #stop()} and {@link #start()} simulate an outage, and a restart keeps
 * both the port and the stored data.
 */
final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {
    static final String ACCESS_KEY = "lifeboat-test";
    static final String SECRET_KEY = "s3cr3t-Do-Not-Print-42";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private Path dir;
    private S3Proxy proxy;
    private int port;
    private S3Client admin;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("lifeboat-s3proxy");
        start();
        admin = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (admin != null) {
            admin.close();
        }
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        // the SDK sends headers (checksum algorithm, SDK markers) S3Proxy would otherwise answer with 501
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        proxy = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem", p)).build();
        proxy.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(proxy.getState()));
        port = proxy.getPort();
    }

    void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(proxy.getState()));
            proxy = null;
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    S3Client admin() {
        return admin;
    }

    String newBucket() {
        String bucket = "lifeboat-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        admin.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** Settings as the core would pass them; {@code extra} overrides or adds properties. */
    Settings settings(String bucket, Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>();
        v.put("endpoint", endpoint().toString());
        v.put("region", "us-east-1");
        v.put("bucket", bucket);
        v.put("pathStyle", true);
        v.put("accessKey", ACCESS_KEY);
        v.put("secretKey", SECRET_KEY);
        v.put("partSize", (long) S3Config.MIN_PART_SIZE);
        v.putAll(extra);
        v.values().removeIf(java.util.Objects::isNull);
        return new Settings("offsite", "s3", v);
    }

    S3Storage storage(String bucket, Map<String, Object> extra) throws IOException {
        return (S3Storage) new S3StorageFactory().create(settings(bucket, extra), () -> dir);
    }
}
