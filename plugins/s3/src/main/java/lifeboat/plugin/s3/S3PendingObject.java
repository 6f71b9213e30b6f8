package lifeboat.plugin.s3;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lifeboat.spi.PendingObject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An object being uploaded. Bytes collect in one part-sized buffer; a small object goes up as one PutObject at
 * commit. When the first buffer fills, a multipart upload starts and full buffers are sent by the storage's upload
 * threads, at most {@code parallelUploads} at a time, so memory stays below
 * {@code (parallelUploads + 1) x partSize} whatever the object's size. Every part and every single put carries a
 * SHA-256 the server verifies, so a corrupted transfer is refused rather than stored. Any failure, or a close
 * without commit, aborts the multipart upload. Not thread-safe (as the SPI says), but safe against its own upload
 * threads.
 */
final class S3PendingObject extends PendingObject {
    /** S3's limit; with the default 16 MiB parts that is objects up to 156 GiB. */
    static final int MAX_PARTS = 10_000;
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3Storage storage;
    private final S3Config config;
    private final String key;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffersAllocated = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Future<?>> uploads = new ArrayList<>();
    private final ConcurrentSkipListMap<Integer, CompletedPart> parts = new ConcurrentSkipListMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private byte[] buffer;
    private int pos;
    private String uploadId;
    private int nextPart = 1;
    private boolean committed;
    private boolean closed;

    S3PendingObject(S3Storage storage, String key) {
        this.storage = requireNonNull(storage, "storage is null");
        this.config = storage.config();
        this.key = requireNonNull(key, "key is null");
        this.permits = new Semaphore(config.parallelUploads());
    }

    @Override
    public void write(int b) throws IOException {
        ensureRoom();
        buffer[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            ensureRoom();
            int n = Math.min(len, buffer.length - pos);
            System.arraycopy(b, off, buffer, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Nothing to do: S3 accepts no part below 5 MiB except the last, so bytes wait for a full part. */
    @Override
    public void flush() throws IOException {
        checkWritable();
    }

    private void ensureRoom() throws IOException {
        checkWritable();
        if (buffer == null) {
            // small objects (metadata, checksums lists) should not cost a whole part of memory
            buffer = new byte[Math.min(FIRST_BUFFER, config.partSize())];
        } else if (pos == buffer.length) {
            if (buffer.length < config.partSize()) {
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, config.partSize()));
                if (buffer.length == config.partSize()) {
                    buffersAllocated.incrementAndGet();
                }
            } else {
                sendPart();
                buffer = takeBuffer();
            }
        }
    }

    private void checkWritable() throws IOException {
        if (closed || committed) {
            throw new IOException(config.name() + ": object '" + key + "' is already " + (committed ? "committed" : "discarded"));
        }
        throwIfFailed();
    }

    private byte[] takeBuffer() {
        // a finished upload returns its buffer before its permit, so after we got a permit for the part just
        // sent, at most parallelUploads buffers are in flight: allocating one more keeps the bound
        byte[] b = freeBuffers.poll();
        if (b == null) {
            b = new byte[config.partSize()];
            buffersAllocated.incrementAndGet();
        }
        return b;
    }

    /** Hands the current buffer to an upload thread, waiting while parallelUploads parts are in flight. */
    private void sendPart() throws IOException {
        if (uploadId == null) {
            startMultipartUpload();
        }
        int number = nextPart++;
        if (number > MAX_PARTS) {
            throw new IOException(config.name() + ": object '" + key + "' needs more than " + MAX_PARTS
                    + " parts of " + config.partSize() + " bytes: raise partSize");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(config.name() + ": upload of '" + key + "' interrupted");
        }
        byte[] data = buffer;
        int len = pos;
        buffer = null;
        pos = 0;
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        uploads.removeIf(Future::isDone);
        uploads.add(storage.uploadThreads().submit(() -> {
            try {
                if (failure.get() == null) {
                    uploadPart(number, data, len);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                inFlight.decrementAndGet();
                if (data.length == config.partSize()) {
                    freeBuffers.offer(data);
                }
                permits.release();
            }
        }));
    }

    private void startMultipartUpload() throws IOException {
        var request = CreateMultipartUploadRequest.builder()
                .bucket(config.bucket())
                .key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256);
        config.objectLock().ifPresent(lock -> request
                .objectLockMode(ObjectLockMode.fromValue(lock.mode().name()))
                .objectLockRetainUntilDate(retainUntil(lock)));
        try {
            uploadId = storage.client().createMultipartUpload(request.build()).uploadId();
        } catch (SdkException e) {
            throw storage.errors().translate("starting upload of '" + key + "'", e);
        }
    }

    private void uploadPart(int number, byte[] data, int len) {
        String sha256 = sha256(data, len);
        UploadPartResponse response = storage.client().uploadPart(
                UploadPartRequest.builder()
                        .bucket(config.bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength((long) len)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumSHA256(sha256)
                        .build(),
                // a provider, not a stream: the SDK reopens it from the start on every retry
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, len), len, "application/octet-stream"));
        parts.put(number, CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumSHA256(sha256).build());
    }

    @Override
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        if (closed) {
            throw new IOException(config.name() + ": object '" + key + "' was discarded before commit");
        }
        try {
            throwIfFailed();
            if (uploadId == null) {
                putWhole();
            } else {
                if (pos > 0) {
                    sendPart();
                }
                awaitUploads();
                throwIfFailed();
                completeMultipartUpload();
            }
            committed = true;
        } catch (IOException | RuntimeException | Error e) {
            discard(e);
            throw e;
        } finally {
            closed = true;
            releaseBuffers();
        }
    }

    private void putWhole() throws IOException {
        byte[] data = buffer == null ? new byte[0] : buffer;
        int len = pos;
        var request = PutObjectRequest.builder()
                .bucket(config.bucket())
                .key(key)
                .contentLength((long) len)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(sha256(data, len));
        config.objectLock().ifPresent(lock -> request
                .objectLockMode(ObjectLockMode.fromValue(lock.mode().name()))
                .objectLockRetainUntilDate(retainUntil(lock)));
        try {
            storage.client().putObject(request.build(),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, len), len, "application/octet-stream"));
        } catch (SdkException e) {
            throw storage.errors().translate("uploading '" + key + "'", e);
        }
    }

    private void completeMultipartUpload() throws IOException {
        try {
            storage.client().completeMultipartUpload(b -> b
                    .bucket(config.bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts.values())));
        } catch (SdkException e) {
            throw storage.errors().translate("completing upload of '" + key + "'", e);
        }
    }

    private void awaitUploads() throws IOException {
        for (Future<?> f : uploads) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(config.name() + ": upload of '" + key + "' interrupted");
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        uploads.clear();
    }

    private void throwIfFailed() throws IOException {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof SdkException e) {
            throw storage.errors().translate("uploading a part of '" + key + "'", e);
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(config.name() + ": uploading a part of '" + key + "' failed: " + t, t);
    }

    @Override
    public void close() throws IOException {
        if (committed || closed) {
            return;
        }
        closed = true;
        try {
            discard(null);
        } finally {
            releaseBuffers();
        }
    }

    /**
     * Waits for parts still on the wire (a part that lands after the abort would be left behind), then aborts the
     * multipart upload. When even the abort fails, {@link S3Storage#removeIncomplete(String)} cleans up later.
     */
    private void discard(Throwable cause) throws IOException {
        failure.compareAndSet(null, new IOException("discarded"));
        try {
            awaitUploads();
        } catch (InterruptedIOException e) {
            // abort anyway: the parts still running are cleaned up by removeIncomplete
        }
        if (uploadId == null) {
            return;
        }
        try {
            storage.abort(key, uploadId);
        } catch (SdkException e) {
            IOException io = storage.errors().translate("aborting the unfinished upload of '" + key
                    + "' (removeIncomplete will remove it later)", e);
            if (cause != null) {
                cause.addSuppressed(io);
                return;
            }
            throw io;
        }
    }

    private void releaseBuffers() {
        buffer = null;
        freeBuffers.clear();
    }

    private static Instant retainUntil(S3Config.ObjectLock lock) {
        return Instant.now().plus(lock.days(), ChronoUnit.DAYS);
    }

    static String sha256(byte[] data, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, len);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** For tests: part-sized buffers this object ever allocated. */
    int buffersAllocated() {
        return buffersAllocated.get();
    }

    /** For tests: the most parts that were on the wire at once. */
    int maxInFlight() {
        return maxInFlight.get();
    }
}
