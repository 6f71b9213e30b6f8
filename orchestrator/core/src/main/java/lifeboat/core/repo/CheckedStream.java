package lifeboat.core.repo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntConsumer;

/**
 * The first filter of a {@link ReadChain}: hashes and counts the stored bytes as they pass, fails as soon as there are
 * more than recorded, and at the end checks the size and SHA-256. A failure, once found, is thrown again by every
 * later read. Skipping reads (the hashing stream's skip), so skipped bytes are hashed and counted too.
 */
final class CheckedStream extends FilterInputStream {
    final HashingInputStream hashed;
    private final String key;
    private final String storage;
    private final long size;
    private final String sha256;
    IntConsumer listener;
    ReadChain.Failure failure;
    private final byte[] one = new byte[1];
    private boolean ended;
    private boolean closed;
    private String actualSha;

    /**
     * @param size the recorded size, or -1 when none is recorded
     * @param sha256 the recorded SHA-256, or null when none is recorded
     */
    CheckedStream(InputStream in, String key, String storage, long size, String sha256) {
        this(new HashingInputStream(in), key, storage, size, sha256);
    }

    private CheckedStream(HashingInputStream hashed, String key, String storage, long size, String sha256) {
        super(hashed);
        this.hashed = hashed;
        this.key = key;
        this.storage = storage;
        this.size = size;
        this.sha256 = sha256;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        int n = hashed.read(b, off, len);
        if (n > 0) {
            if (listener != null) {
                listener.accept(n);
            }
            if (size >= 0 && hashed.count() > size) {
                throw fail(ReadChain.Problem.SIZE_MISMATCH, "has more than " + size + " bytes, the catalog says "
                        + size, "more than " + size, Long.toString(size));
            }
        } else if (n < 0 && !ended) {
            ended = true;
            check();
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return failure != null ? 0 : hashed.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    /** Reads to the end, checking the object; throws the failure found, if any. */
    void drain() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return; // checked already (and perhaps closed since)
        }
        byte[] buffer = new byte[1 << 16];
        while (read(buffer, 0, buffer.length) >= 0) {
            // checking happens in read
        }
    }

    private void check() throws IOException {
        long count = hashed.count();
        if (size >= 0 && count != size) {
            throw fail(ReadChain.Problem.SIZE_MISMATCH, "has " + count + " bytes, the catalog says " + size,
                    Long.toString(count), Long.toString(size));
        }
        String sha = sha256();
        if (sha256 != null && !sha.equals(sha256)) {
            throw fail(ReadChain.Problem.HASH_MISMATCH, "has SHA-256 " + sha + ", the catalog says " + sha256, sha,
                    sha256);
        }
    }

    /** The SHA-256 of the object; final once it has been read to the end (the digest is taken only once). */
    String sha256() throws IOException {
        if (actualSha == null) {
            actualSha = hashed.sha256();
        }
        return actualSha;
    }

    private ReadChain.Failure fail(ReadChain.Problem problem, String what, String actual, String expected) {
        failure = new ReadChain.Failure(problem, key, storage, key + " on storage target " + storage + " " + what,
                actual, expected, null);
        return failure;
    }
}
