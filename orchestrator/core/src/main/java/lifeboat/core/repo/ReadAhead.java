package lifeboat.core.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Reads a stream on a thread of its own, a few chunks ahead of its reader, so that the work below it (reading the
 * stored object, decrypting, decompressing) runs on another core than the work on the bytes (unpacking, hashing each
 * file, writing). The reader sees exactly the bytes and then the failure the stream gave, in the same order. Memory is
 * bounded: at most {@value #SLOTS} chunks of {@value #CHUNK} bytes wait. Nothing below is touched by the reader's thread
 * until {@link #stop()} (or {@link #close()}) has waited for the thread to let go of it. One reader; not thread-safe.
 */
final class ReadAhead extends InputStream {
    static final int CHUNK = Chunks.SIZE;
    static final int SLOTS = 4;

    /** A chunk of bytes, the end, or what the stream threw; {@code stored}: bytes read below, for progress. */
    private record Piece(byte[] bytes, int length, long stored, Throwable failure) {
        boolean end() {
            return bytes == null && failure == null;
        }
    }

    private final InputStream in;
    private final LongSupplier storedCount;
    private final IntConsumer onStored;
    private final BlockingQueue<Piece> ready = new ArrayBlockingQueue<>(SLOTS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(SLOTS + 2);
    private final Thread thread;
    private volatile boolean stopped;
    private Piece current;
    private int position;
    private long reported;
    private boolean closed;

    /**
     * @param storedCount bytes read from the stored object so far; asked on the reading thread after each chunk
     * @param onStored told, on the reader's thread, of each run of stored bytes read; may be null
     */
    ReadAhead(InputStream in, LongSupplier storedCount, IntConsumer onStored, String name) {
        this.in = in;
        this.storedCount = storedCount;
        this.onStored = onStored;
        this.reported = storedCount.getAsLong();
        this.thread = new Thread(this::fill, "lifeboat-read-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        while (!stopped) {
            byte[] b = free.poll();
            if (b == null) {
                b = Chunks.take();
            }
            int n = 0;
            boolean end = false;
            Throwable failure = null;
            try {
                while (n < CHUNK) {
                    int r = in.read(b, n, CHUNK - n);
                    if (r < 0) {
                        end = true;
                        break;
                    }
                    n += r;
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
            }
            long stored = storedCount.getAsLong();
            // the bytes read before a failure come first, as they would have without this thread
            if (n > 0 && !hand(new Piece(b, n, stored, null))) {
                return;
            }
            if (failure != null || end) {
                hand(new Piece(null, 0, stored, failure));
                return;
            }
        }
    }

    /** Waits for room; false when the reader stopped meanwhile. */
    private boolean hand(Piece p) {
        try {
            while (!stopped) {
                if (ready.offer(p, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        boolean over = current != null && current.bytes() == null; // the end or a failure stays what every read sees
        if (!over) {
            if (stopped) {
                throw new IOException("read-ahead of " + thread.getName() + " was stopped");
            }
            if (len == 0) {
                return 0;
            }
            if (current == null || position == current.length()) {
                next();
            }
        }
        if (current.failure() != null) {
            throw rethrow(current.failure());
        }
        if (current.end()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    private void next() throws IOException {
        if (current != null && current.bytes() != null) {
            free.offer(current.bytes());
        }
        try {
            current = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        position = 0;
        if (onStored != null && current.stored() > reported) {
            onStored.accept((int) Math.min(Integer.MAX_VALUE, current.stored() - reported));
        }
        reported = Math.max(reported, current.stored());
    }

    /** Stored bytes told to the listener so far (all that were read below when the stream began, and since). */
    long reported() {
        return reported;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) t;
    }

    /** Stops reading ahead and waits until the thread has let go of the stream below; it can then be read directly. */
    void stop() throws IOException {
        stopped = true;
        boolean interrupted = false;
        List<Piece> dropped = new ArrayList<>();
        while (thread.isAlive()) {
            ready.drainTo(dropped);
            try {
                thread.join(50);
            } catch (InterruptedException e) {
                interrupted = true; // the stream below must not be shared: wait on
            }
        }
        ready.drainTo(dropped);
        // the thread has ended and every read from now on fails before it looks at a buffer: give them back
        for (Piece p : dropped) {
            Chunks.give(p.bytes());
        }
        Chunks.giveAll(free);
        if (current != null && current.bytes() != null) {
            Chunks.give(current.bytes());
            current = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            stop();
            in.close();
        }
    }
}
