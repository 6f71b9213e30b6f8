package lifeboat.core.repo;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntConsumer;
import lifeboat.spi.NoSuchObjectException;
import lifeboat.spi.Storage;

/**
 * The one way a stored object is read back, as a chain of filters in one streaming pass: storage → size and
 * SHA-256 checked as the bytes pass → age decryption (objects stored as {@code *.age}) → zstd decompression
 * (objects named {@code *.zst}). A caller takes one end of the chain: {@link #raw()} (the stored bytes, for hashing
 * and copying), {@link #plain()} (decrypted, still compressed) or {@link #content()} (decrypted and decompressed).
 *
 * <p>When the stream handed out ends, the chain drains what is left of the stored object and checks its size and
 * SHA-256, so a caller that reads to the end has verified the object; one that stops early (a tar reader stops at the
 * end-of-archive blocks) calls {@link #finish()}. Problems are {@link Failure}s naming the object and the storage
 * target, of a {@link Problem} kind. When decryption or decompression fails part way, the chain drains the stored
 * bytes first: if they are not the bytes recorded, the failure is the mismatch (the filter's error is its cause). A
 * missing or wrong age identity is said at once, without reading the object. The content of an object of
 * {@value #READ_AHEAD_FROM} bytes or more is decrypted and decompressed on a thread of its own, a few chunks ahead of
 * its reader ({@link ReadAhead}); its progress listener is then told on the reader's thread. Memory stays bounded
 * whatever the object's size. Not thread-safe: one reader.
 */
public final class ReadChain implements Closeable {
    /** Objects from this size up are decrypted and decompressed ahead of their reader, on a thread of their own. */
    static final long READ_AHEAD_FROM = 4L << 20;
    /** What went wrong with a stored object. */
    public enum Problem {
        /** The storage target has no such object. */
        MISSING,
        /** The object is shorter or longer than recorded. */
        SIZE_MISMATCH,
        /** The object's SHA-256 is not the one recorded. */
        HASH_MISMATCH,
        /** It cannot be read, decrypted (no or wrong identity) or decompressed, though its bytes may be fine. */
        UNREADABLE
    }

    /** A stored object failed to read back; the message names the object and the storage target, never a key. */
    public static final class Failure extends IOException {
        private final Problem problem;
        private final String key;
        private final String storage;
        private final String actual;
        private final String expected;

        Failure(Problem problem, String key, String storage, String message, String actual, String expected,
                Throwable cause) {
            super(message, cause);
            this.problem = problem;
            this.key = key;
            this.storage = storage;
            this.actual = actual;
            this.expected = expected;
        }

        public Problem problem() {
            return problem;
        }

        public String key() {
            return key;
        }

        public String storage() {
            return storage;
        }

        /** For a mismatch: the size (in bytes) or SHA-256 found; null otherwise. */
        public String actual() {
            return actual;
        }

        /** For a mismatch: the size (in bytes) or SHA-256 recorded; null otherwise. */
        public String expected() {
            return expected;
        }

        /** A mismatch found only because a filter failed on the object's bytes: that filter's error. */
        public IOException filterError() {
            return problem != Problem.UNREADABLE && getCause() instanceof IOException e ? e : null;
        }
    }

    private final String key;
    private final Storage storage;
    private final String identity;
    private final CheckedStream stored;
    private final long size;
    private InputStream end;
    private IntConsumer listener;
    /** The thread decrypting and decompressing a large object's content ahead of its reader, or null. */
    private ReadAhead ahead;

    private ReadChain(Storage storage, String key, String identity, CheckedStream stored, long size) {
        this.storage = storage;
        this.key = key;
        this.identity = identity;
        this.stored = stored;
        this.size = size;
    }

    /**
     * Opens a stored object whose size and SHA-256 are recorded (in the catalog); both are checked as it is read.
     *
     * @param identity the age secret key for encrypted objects, or null where none is configured
     * @throws Failure {@link Problem#MISSING} when the target has no such object
     */
    public static ReadChain open(Storage storage, String key, long size, String sha256, String identity)
            throws IOException {
        InputStream in;
        try {
            in = storage.open(key);
        } catch (NoSuchObjectException e) {
            throw new Failure(Problem.MISSING, key, storage.name(), e.getMessage(), null, null, e);
        }
        return new ReadChain(storage, key, identity, new CheckedStream(in, key, storage.name(), size, sha256), size);
    }

    /** Opens a stored object with nothing recorded to check it against (the repository file, {@code SHA256SUMS}). */
    public static ReadChain open(Storage storage, String key, String identity) throws IOException {
        return open(storage, key, -1, null, identity);
    }

    /**
     * The content of a recorded stored object for a reader that reads it to the end, so that the end checks it;
     * closes the object when its content cannot be opened.
     */
    public static InputStream content(Storage storage, String key, long size, String sha256, String identity)
            throws IOException {
        return open(storage, key, size, sha256, identity).contentOrClose();
    }

    /** Reports each run of stored bytes read, as they pass (for progress and byte counts). */
    public ReadChain onRead(IntConsumer listener) {
        this.listener = listener;
        stored.listener = listener;
        return this;
    }

    /** The stored bytes, checked as they pass: a failed check is thrown from the read that finds it. */
    public InputStream raw() {
        return take(stored);
    }

    /** The bytes as they were before encryption (still compressed). On a failure the chain stays open to be drained. */
    public InputStream plain() throws IOException {
        return take(new Guard(this, decrypted()));
    }

    /**
     * The object's content: decrypted and, for a {@code .zst} object, decompressed. On a failure the chain stays open,
     * so that the stored bytes can still be drained and checked.
     */
    public InputStream content() throws IOException {
        InputStream plain = decrypted();
        InputStream content = logicalName().endsWith(".zst") ? Zstd.decompress(plain) : plain;
        if (size >= READ_AHEAD_FROM && content != stored) {
            // decryption and decompression on a core of their own, beside what the reader does with the content;
            // progress is then told on the reader's thread
            stored.listener = null;
            ahead = new ReadAhead(content, stored.hashed::count, listener, RepositoryLayout.fileName(key));
            content = ahead;
        }
        return take(new Guard(this, content));
    }

    /** The object's content, as {@link #content()}, for a caller handing the stream on: on a failure it is closed. */
    public InputStream contentOrClose() throws IOException {
        try {
            return content();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Reads what is left of the stored object (a tar reader stops at its end-of-archive blocks) and checks its size
     * and SHA-256; throws the failure found, if any.
     */
    public void finish() throws IOException {
        stopReadingAhead();
        stored.drain();
    }

    /** From here on the stored bytes are read on this thread only. */
    private void stopReadingAhead() throws IOException {
        if (ahead == null) {
            return;
        }
        ReadAhead stopping = ahead;
        ahead = null;
        stopping.stop();
        long untold = stored.hashed.count() - stopping.reported();
        if (listener != null && untold > 0) {
            listener.accept((int) untold);
        }
        stored.listener = listener;
    }

    /** Stored bytes read so far. */
    public long bytesRead() {
        return stored.hashed.count();
    }

    /** The SHA-256 of the stored object, once it has been read to the end (after {@link #finish()}). */
    public String sha256() throws IOException {
        return stored.sha256();
    }

    @Override
    public void close() throws IOException {
        (end == null ? stored : end).close();
    }

    private InputStream take(InputStream in) {
        if (end != null) {
            throw new IllegalStateException("one end of the read chain of " + key + " is already taken");
        }
        end = in;
        return in;
    }

    private InputStream decrypted() throws IOException {
        if (!StoredObjects.encrypted(key)) {
            return stored;
        }
        try {
            return Encryption.decrypt(stored, identity, key + " on " + storage.name());
        } catch (IOException e) {
            // no or the wrong identity (or a damaged header): said at once, without reading the whole object
            throw e instanceof Failure f ? f
                    : new Failure(Problem.UNREADABLE, key, storage.name(), e.getMessage(), null, null, e);
        }
    }

    private String logicalName() {
        String name = RepositoryLayout.fileName(key);
        return StoredObjects.encrypted(name) ? name.substring(0, name.length() - Encryption.SUFFIX.length()) : name;
    }

    /** Classifies an error of a filter above the stored bytes, draining them to tell corrupt bytes from the rest. */
    private Failure classify(IOException e) {
        if (e instanceof Failure f) {
            return f;
        }
        try {
            stopReadingAhead();
            stored.drain();
        } catch (Failure f) {
            return new Failure(f.problem(), key, storage.name(), f.getMessage(), f.actual(), f.expected(), e);
        } catch (IOException ignored) {
            // the stored bytes cannot be read to the end either: report the first error
        }
        return new Failure(Problem.UNREADABLE, key, storage.name(), e.getMessage(), null, null, e);
    }

    /** The end of a chain above the stored bytes: checks them when it ends, and classifies what its filters throw. */
    private static final class Guard extends FilterInputStream {
        private final ReadChain chain;
        private boolean ended;
        private boolean closed;

        Guard(ReadChain chain, InputStream in) {
            super(in);
            this.chain = chain;
        }

        @Override
        public int read() throws IOException {
            try {
                return ended(in.read());
            } catch (IOException e) {
                throw chain.classify(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return ended(in.read(b, off, len));
            } catch (IOException e) {
                throw chain.classify(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw chain.classify(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                in.close();
            }
        }

        private int ended(int n) throws IOException {
            if (n < 0 && !ended) {
                ended = true;
                chain.finish(); // what the filters left (padding, a frame's end) and the size and hash check
            }
            return n;
        }
    }
}
