package lifeboat.core.repo;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of a stream of bytes, computed on a thread of its own once the stream is larger than one chunk: a reader
 * that is busy decompressing and unpacking (a restore, a full verify) then does not also pay for the hash on its own
 * core. A small object is hashed inline and starts no thread. Memory is bounded: at most {@value #SLOTS} chunks of
 * {@value #CHUNK} bytes wait for the hashing thread, and the reader waits when they are all taken. One reader at a
 * time; not thread-safe.
 */
final class BackgroundDigest implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    static final int SLOTS = 4;

    private final MessageDigest digest = Sha256.digest();
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(SLOTS);
    private ThreadPoolExecutor worker;
    private Future<?> last;
    private byte[] chunk = new byte[CHUNK];
    private int filled;

    void update(byte[] b, int off, int len) throws InterruptedIOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                handOver();
            }
        }
    }

    private void handOver() throws InterruptedIOException {
        if (worker == null) {
            // ends its thread a second after the last chunk, so a stream nobody closes leaves nothing running
            worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "lifeboat-sha256");
                t.setDaemon(true);
                return t;
            });
            worker.allowCoreThreadTimeOut(true);
            for (int i = 1; i < SLOTS; i++) {
                free.add(new byte[CHUNK]);
            }
        }
        byte[] full = chunk;
        last = worker.submit(() -> {
            digest.update(full, 0, CHUNK);
            free.add(full);
        });
        try {
            chunk = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
        filled = 0;
    }

    /** The hex SHA-256 of every byte given; call once, after the last update. */
    String hex() throws InterruptedIOException {
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing");
            } catch (ExecutionException e) {
                throw new IllegalStateException("hashing failed", e.getCause());
            }
        }
        digest.update(chunk, 0, filled);
        filled = 0;
        close();
        return Sha256.hex(digest);
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
