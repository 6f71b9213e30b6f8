package lifeboat.plugin.s3;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import lifeboat.spi.NoSuchObjectException;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in one bucket, under an optional key prefix. Visibility comes from S3 itself: a PutObject or a completed
 * multipart upload appears whole or not at all, so a pending object needs no temporary key. What an interrupted
 * write leaves behind is an unfinished multipart upload, which {@link #removeIncomplete(String)} aborts.
 * Thread-safe: the SDK client is, and upload threads are shared by all pending objects.
 */
final class S3Storage implements Storage {
    private final S3Config config;
    private final S3Client client;
    private final S3Errors errors;
    private final ExecutorService uploads;
    /** Checked once, before the first locked upload: an endpoint without Object Lock must fail before data moves. */
    private volatile boolean objectLockChecked;

    S3Storage(S3Config config, AwsCredentialsProvider credentials) {
        this(config, buildClient(config, credentials));
    }

    S3Storage(S3Config config, S3Client client) {
        this.config = requireNonNull(config, "config is null");
        this.client = requireNonNull(client, "client is null");
        this.errors = new S3Errors(config);
        AtomicInteger threads = new AtomicInteger();
        // unbounded pool: each pending object bounds its own in-flight parts with a semaphore
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lifeboat-s3-" + config.name() + "-upload-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static S3Client buildClient(S3Config config, AwsCredentialsProvider credentials) {
        var retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                // exponential backoff with full jitter on throttling, 5xx and I/O errors; 5 attempts in all
                .maxAttempts(5)
                .build();
        var builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                // we send our own SHA-256 per part; extra CRCs computed by the SDK are not stored by every
                // S3-compatible server and would cost a second pass over each buffer
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(16, config.parallelUploads() * 4))
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(retry).build());
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    S3Config config() {
        return config;
    }

    S3Client client() {
        return client;
    }

    S3Errors errors() {
        return errors;
    }

    ExecutorService uploadThreads() {
        return uploads;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String location() {
        return config.location();
    }

    @Override
    public PendingObject create(String key) throws IOException {
        String full = fullKey(key);
        if (config.objectLock().isPresent()) {
            checkObjectLock();
        }
        return new S3PendingObject(this, full);
    }

    /** A listing, since a HEAD on a missing bucket looks like a missing key. */
    @Override
    public void check() throws IOException {
        try {
            client.listObjectsV2(b -> b.bucket(config.bucket()).prefix(config.prefix() + "lifeboat-repo.json").maxKeys(1));
        } catch (SdkException e) {
            throw errors.translate("checking the bucket", e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String full = fullKey(key);
        try {
            return new AbortingInputStream(client.getObject(b -> b.bucket(config.bucket()).key(full)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(config.name(), key);
        } catch (SdkException e) {
            throw errors.translate("reading '" + key + "'", e);
        }
    }

    /**
     * The object's Object Lock retain-until date, read with a HEAD, when this target writes locked objects
     * ({@code objectLock} set); otherwise no lock is looked for.
     */
    @Override
    public Optional<Instant> retainedUntil(String key) throws IOException {
        if (config.objectLock().isEmpty()) {
            return Optional.empty();
        }
        String full = fullKey(key);
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(config.bucket()).key(full));
            return Optional.ofNullable(head.objectLockRetainUntilDate());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw errors.translate("reading the Object Lock retention of '" + key + "'", e);
        } catch (SdkException e) {
            throw errors.translate("reading the Object Lock retention of '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String full = fullKey(key);
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(config.bucket()).key(full));
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD responses have no body, so a missing key may arrive as a bare 404
            if (e.statusCode() == 404 && (e.awsErrorDetails() == null || !"NoSuchBucket".equals(e.awsErrorDetails().errorCode()))) {
                return Optional.empty();
            }
            throw errors.translate("stat of '" + key + "'", e);
        } catch (SdkException e) {
            throw errors.translate("stat of '" + key + "'", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(config.prefix() + prefix)).contents()) {
                out.add(new ObjectInfo(o.key().substring(config.prefix().length()), o.size(), o.lastModified()));
            }
        } catch (SdkException e) {
            throw errors.translate("listing '" + prefix + "'", e);
        }
        // S3 sorts by UTF-8 bytes; the contract sorts as Java strings, which differs beyond the BMP
        out.sort(Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        String full = fullKey(key);
        try {
            // S3 answers 204 for a missing key too, which makes this idempotent
            client.deleteObject(b -> b.bucket(config.bucket()).key(full));
        } catch (SdkException e) {
            throw errors.translate("deleting '" + key + "'", e);
        }
    }

    @Override
    public int removeIncomplete(String prefix) throws IOException {
        int removed = 0;
        try {
            for (MultipartUpload u : client.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(config.prefix() + prefix)).uploads()) {
                abort(u.key(), u.uploadId());
                removed++;
            }
        } catch (SdkException e) {
            throw errors.translate("removing unfinished uploads under '" + prefix + "'", e);
        }
        return removed;
    }

    void abort(String fullKey, String uploadId) {
        client.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                .bucket(config.bucket()).key(fullKey).uploadId(uploadId).build());
    }

    /**
     * Fails fast, before any upload, when the bucket cannot hold locked objects: S3-compatible servers without
     * Object Lock answer 501, AWS buckets created without it answer ObjectLockConfigurationNotFoundError. Either
     * way objects would silently be stored unprotected.
     */
    void checkObjectLock() throws IOException {
        if (objectLockChecked) {
            return;
        }
        String bucket = config.bucket();
        GetObjectLockConfigurationResponse response;
        try {
            response = client.getObjectLockConfiguration(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 501 || "NotImplemented".equals(code)) {
                throw new IOException(config.name() + ": objectLockMode is set but the endpoint "
                        + config.endpointText() + " does not support Object Lock (bucket '" + bucket
                        + "', HTTP 501 " + code + "); remove objectLockMode or use an endpoint that supports it", e);
            }
            if ("ObjectLockConfigurationNotFoundError".equals(code)) {
                throw new IOException(config.name() + ": objectLockMode is set but bucket '" + bucket + "' at "
                        + config.endpointText() + " was created without Object Lock", e);
            }
            throw errors.translate("checking Object Lock", e);
        } catch (SdkException e) {
            throw errors.translate("checking Object Lock", e);
        }
        if (response.objectLockConfiguration() == null
                || response.objectLockConfiguration().objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            throw new IOException(config.name() + ": objectLockMode is set but bucket '" + bucket + "' at "
                    + config.endpointText() + " does not have Object Lock enabled");
        }
        objectLockChecked = true;
    }

    String fullKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
            throw new IllegalArgumentException("invalid object key '" + key + "'");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid object key '" + key + "'");
            }
        }
        return config.prefix() + key;
    }

    @Override
    public void close() {
        uploads.shutdown();
        client.close();
    }

    /**
     * Closing an HTTP response early would otherwise drain the rest of the object to reuse the connection: a
     * reader that stops after a header of a 50 GB archive must not download it all.
     */
    private static final class AbortingInputStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean eof;

        AbortingInputStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            eof |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            eof |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!eof) {
                response.abort();
            }
            super.close();
        }
    }
}
