package lifeboat.plugin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import lifeboat.spi.PendingObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/** What goes wrong against a real S3 endpoint: outages, bad credentials, missing buckets, missing features. */
class S3FaultsIT {
    private static final int PART = S3Config.MIN_PART_SIZE;

    @RegisterExtension
    static final S3ProxyServer SERVER = new S3ProxyServer();

    @Test
    void check_passesOnTheBucket_andNamesAMissingBucket() throws IOException {
        try (S3Storage storage = SERVER.storage(SERVER.newBucket(), Map.of())) {
            storage.check();
        }
        try (S3Storage storage = SERVER.storage("lifeboat-no-such-bucket-" + ProcessHandle.current().pid(), Map.of())) {
            assertThatThrownBy(storage::check).isInstanceOf(IOException.class)
                    .hasMessageContaining("lifeboat-no-such-bucket-").hasMessageContaining("does not exist");
        }
    }

    @Test
    void multipartObject_roundTripsByteExact() throws IOException {
        byte[] data = random(3 * PART + 12345, 1);
        try (S3Storage storage = SERVER.storage(SERVER.newBucket(), Map.of())) {
            try (PendingObject out = storage.create("big/data.tar.zst")) {
                // odd write sizes, so parts never line up with writes
                for (int off = 0; off < data.length; off += 777_777) {
                    out.write(data, off, Math.min(777_777, data.length - off));
                }
                out.commit();
            }
            assertThat(storage.stat("big/data.tar.zst")).get().satisfies(i -> assertThat(i.size()).isEqualTo(data.length));
            try (InputStream in = storage.open("big/data.tar.zst")) {
                assertThat(Arrays.equals(in.readAllBytes(), data)).isTrue();
            }
            assertThat(storage.removeIncomplete("")).isZero();
            // a reader that stops early closes without downloading the rest
            try (InputStream in = storage.open("big/data.tar.zst")) {
                assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(data, 10));
            }
            assertThat(storage.list("big/")).hasSize(1);
        }
    }

    @Test
    void parallelUploads_boundTheBuffersInMemory() throws IOException {
        byte[] chunk = random(1024 * 1024, 2);
        try (S3Storage storage = SERVER.storage(SERVER.newBucket(), Map.of("parallelUploads", 2L))) {
            S3PendingObject out = (S3PendingObject) storage.create("forty");
            try (out) {
                for (int i = 0; i < 40; i++) {
                    out.write(chunk);
                }
                out.commit();
            }
            // 8 parts went up, never more than 2 at a time and never more than 3 part buffers
            assertThat(out.maxInFlight()).isBetween(1, 2);
            assertThat(out.buffersAllocated()).isLessThanOrEqualTo(3);
            assertThat(storage.stat("forty")).get().satisfies(i -> assertThat(i.size()).isEqualTo(40L * chunk.length));
        }
    }

    @Test
    void singlePut_storesTheSha256ItSent() throws Exception {
        String bucket = SERVER.newBucket();
        byte[] data = random(1000, 3);
        try (S3Storage storage = SERVER.storage(bucket, Map.of())) {
            try (PendingObject out = storage.create("small")) {
                out.write(data);
                out.commit();
            }
        }
        var head = SERVER.admin().headObject(b -> b.bucket(bucket).key("small").checksumMode(ChecksumMode.ENABLED));
        String expected = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(head.checksumSHA256()).isEqualTo(expected);
    }

    @Test
    void serverStoppedMidUpload_writeOrCommitFails_andNothingIsLeftVisible() throws Exception {
        String bucket = SERVER.newBucket();
        byte[] chunk = random(PART, 4);
        try (S3Storage storage = SERVER.storage(bucket, Map.of())) {
            PendingObject out = storage.create("outage/data");
            out.write(chunk);
            out.write(chunk); // the first part is now on its way
            SERVER.stop();
            try {
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 4; i++) {
                        out.write(chunk);
                    }
                    out.commit();
                }).isInstanceOf(IOException.class)
                        .hasMessageContaining(bucket)
                        .hasMessageContaining(SERVER.endpoint().toString());
                // the abort cannot reach the server either; close must not hide the first failure by hanging
                try {
                    out.close();
                } catch (IOException expected) {
                    assertThat(expected).hasMessageContaining("removeIncomplete");
                }
            } finally {
                SERVER.start();
            }
            assertThat(storage.stat("outage/data")).isEmpty();
            assertThat(storage.list("")).isEmpty();
            int leftovers = SERVER.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
            assertThat(storage.removeIncomplete("outage/")).isEqualTo(leftovers);
            assertThat(SERVER.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        }
    }

    @Test
    void closeWithoutCommit_abortsTheMultipartUpload() throws IOException {
        String bucket = SERVER.newBucket();
        try (S3Storage storage = SERVER.storage(bucket, Map.of())) {
            try (PendingObject out = storage.create("abandoned")) {
                out.write(random(2 * PART + 1, 5));
                assertThat(SERVER.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);
            }
            assertThat(SERVER.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
            assertThat(storage.stat("abandoned")).isEmpty();
        }
    }

    @Test
    void wrongSecret_givesClearErrorWithoutTheSecret() throws IOException {
        String wrong = "Wr0ng-Secret-Value-9876";
        Map<String, Object> extra = new HashMap<>();
        extra.put("secretKey", wrong);
        try (S3Storage storage = SERVER.storage(SERVER.newBucket(), extra)) {
            assertThatThrownBy(() -> put(storage, "k", new byte[10]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("check accessKey and secretKey")
                    .satisfies(e -> assertNoMessageContains(e, wrong))
                    .satisfies(e -> assertNoMessageContains(e, S3ProxyServer.SECRET_KEY));
            assertThatThrownBy(() -> storage.list("")).hasMessageContaining("refused the credentials");
            // HEAD answers carry no error code: still a clear pointer at the credentials
            assertThatThrownBy(() -> storage.stat("k")).hasMessageContaining("access denied to bucket")
                    .hasMessageContaining("check accessKey and secretKey");
        }
    }

    @Test
    void missingBucket_messageNamesBucketAndEndpoint() throws IOException {
        try (S3Storage storage = SERVER.storage("no-such-bucket-here", Map.of())) {
            assertThatThrownBy(() -> put(storage, "k", new byte[10]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("bucket 'no-such-bucket-here'")
                    .hasMessageContaining(SERVER.endpoint().toString())
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(() -> storage.list("")).hasMessageContaining("'no-such-bucket-here'");
        }
    }

    @Test
    void objectLock_onEndpointWithoutIt_failsBeforeUploading() throws IOException {
        String bucket = SERVER.newBucket();
        try (S3Storage storage = SERVER.storage(bucket, Map.of("objectLockMode", "GOVERNANCE", "objectLockDays", 30L))) {
            assertThatThrownBy(() -> storage.create("locked"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("does not support Object Lock")
                    .hasMessageContaining("bucket '" + bucket + "'");
            assertThat(storage.list("")).isEmpty();
        }
    }

    private static void put(S3Storage storage, String key, byte[] data) throws IOException {
        try (PendingObject out = storage.create(key)) {
            out.write(data);
            out.commit();
        }
    }

    private static void assertNoMessageContains(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            for (Throwable s : t.getSuppressed()) {
                assertThat(String.valueOf(s.getMessage())).doesNotContain(secret);
            }
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
