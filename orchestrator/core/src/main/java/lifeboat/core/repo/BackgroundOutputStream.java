package lifeboat.core.repo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands what is written to a thread of its own, in chunks, so that work on the bytes runs on another core than the
 * writer's: an encrypted branch's age encryption and SHA-256 beside the backup's compression ({@link #over}), the
 * SHA-256 of what a restore or a full verify reads beside its decompressing and unpacking ({@link #digesting}).
 * Memory is bounded: at most {@value #SLOTS} chunks of {@value #CHUNK} bytes wait, and the writer waits when they
 * are all taken. The thread starts only once a chunk is full, so a small stream is handled inline on close and starts
 * none; it ends a second after the last chunk, so a stream nobody closes leaves nothing running. A failure on that
 * thread is thrown from the next write or from {@link #close()}, which waits for every chunk and then ends the sink.
 * One writer; not thread-safe.
 */
public final class BackgroundOutputStream extends OutputStream {
    static final int CHUNK = Chunks.SIZE;
    static final int SLOTS = 4;

    /** What the thread does with the bytes. */
    public interface Sink {
        void write(byte[] b, int len) throws IOException;

        /** After the last chunk. */
        void close() throws IOException;
    }

    private final Sink sink;
    private final String threadName;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(SLOTS);
    /** Closed cleanly: every chunk reached the sink and the sink ended without a failure. */
    private volatile boolean ended;
    private ThreadPoolExecutor worker;
    private volatile Throwable failure;
    private Future<?> last;
    private byte[] chunk = Chunks.take();
    private int filled;
    private boolean closed;

    private BackgroundOutputStream(String threadName, Sink sink) {
        this.threadName = threadName;
        this.sink = sink;
    }

    /** Writes to {@code out}, and closes it, on a thread named for {@code name}. */
    public static BackgroundOutputStream over(OutputStream out, String name) {
        return new BackgroundOutputStream("lifeboat-branch-" + name, new Sink() {
            @Override
            public void write(byte[] b, int len) throws IOException {
                out.write(b, 0, len);
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        });
    }

    /** Feeds {@code digest}; after {@link #close()} it holds every byte written. */
    public static BackgroundOutputStream digesting(MessageDigest digest) {
        return new BackgroundOutputStream("lifeboat-sha256", new Sink() {
            @Override
            public void write(byte[] b, int len) {
                digest.update(b, 0, len);
            }

            @Override
            public void close() {
                // the digest is read by its owner
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("write after close of the stream handed to " + threadName);
        }
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
        if (worker == null) {
            // the thread ends a few seconds after its last chunk, not at close: a sink that reads replies through a
            // pipe (JSch's SFTP upload) fails when the thread that last read from it has ended before the next reader
            // (the committing thread) takes over; a stream nobody closes still leaves nothing running
            worker = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            worker.allowCoreThreadTimeOut(true);
            for (int i = 1; i < SLOTS; i++) {
                free.add(Chunks.take());
            }
        }
        byte[] full = chunk;
        int n = filled;
        last = worker.submit(() -> {
            try {
                if (failure == null) {
                    sink.write(full, n);
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
            throw new InterruptedIOException("interrupted while handing bytes to " + threadName);
        }
        filled = 0;
        check();
    }

    /** Waits for every chunk and ends the sink: on the thread when one started, else inline. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (worker == null) {
            try {
                if (filled > 0) {
                    sink.write(chunk, filled);
                }
                sink.close();
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            Chunks.give(chunk);
            chunk = null;
            check();
            ended = true;
            return;
        }
        if (filled > 0) {
            handOver();
        }
        last = worker.submit(() -> {
            try {
                if (failure == null) {
                    sink.close();
                }
            } catch (Throwable t) {
                failure = t;
            }
        });
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing bytes to " + threadName);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        // the thread has run every chunk's task and then the sink's close: no buffer is in its hands
        Chunks.give(chunk);
        chunk = null;
        Chunks.giveAll(free);
        check();
        ended = true;
    }

    /**
     * Stops handing bytes over and waits (briefly) until nothing touches the sink any more. A no-op after a clean
     * close: the sink is whole, and its idle thread must be left to end by itself (see the worker's comment).
     */
    public void abort() {
        if (ended) {
            return;
        }
        failure = failure == null ? new IOException("aborted") : failure;
        if (worker == null) {
            return;
        }
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
            throw e; // as it was thrown on the thread (a full disk stays a full disk)
        }
        if (t instanceof RuntimeException || t instanceof Error) {
            throw new IOException("writing failed: " + t, t);
        }
    }
}
