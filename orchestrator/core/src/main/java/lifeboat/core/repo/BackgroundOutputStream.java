package lifeboat.core.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes to the stream below on a thread of its own, so that an encrypted branch's age encryption and SHA-256 run
 * beside the compression on the backup's thread instead of taking turns with it. Memory is bounded: at most
 * {@value #SLOTS} chunks of {@value #CHUNK} bytes wait, and the writer waits when they are all taken. A failure below
 * is thrown from the next write or from {@link #close()}, which waits for every chunk and closes the stream below on
 * that thread. One writer; not thread-safe.
 */
final class BackgroundOutputStream extends OutputStream {
    static final int CHUNK = 1 << 20;
    static final int SLOTS = 4;

    private final OutputStream out;
    private final ThreadPoolExecutor worker;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(SLOTS);
    private volatile Throwable failure;
    private Future<?> last;
    private byte[] chunk = new byte[CHUNK];
    private int filled;
    private boolean closed;

    BackgroundOutputStream(OutputStream out, String name) {
        this.out = out;
        // ends its thread a second after the last chunk, so a stream nobody closes leaves nothing running
        this.worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "lifeboat-branch-" + name);
            t.setDaemon(true);
            return t;
        });
        worker.allowCoreThreadTimeOut(true);
        for (int i = 1; i < SLOTS; i++) {
            free.add(new byte[CHUNK]);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
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

    private void handOver() throws IOException {
        byte[] full = chunk;
        int n = filled;
        last = worker.submit(() -> {
            try {
                if (failure == null) {
                    out.write(full, 0, n);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                free.add(full);
            }
        });
        try {
            chunk = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
        filled = 0;
        check();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (filled > 0) {
            handOver();
        }
        last = worker.submit(() -> {
            try {
                if (failure == null) {
                    out.close();
                }
            } catch (Throwable t) {
                failure = t;
            }
        });
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            failure = e.getCause();
        } finally {
            worker.shutdown();
        }
        check();
    }

    /** Stops writing below and waits (briefly) until nothing touches the stream below any more. */
    void abort() {
        failure = failure == null ? new IOException("aborted") : failure;
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException e) {
            throw e; // as it was thrown below (a full disk stays a full disk)
        }
        if (t instanceof RuntimeException | t instanceof Error) {
            throw new IOException("writing failed: " + t, t);
        }
    }
}
