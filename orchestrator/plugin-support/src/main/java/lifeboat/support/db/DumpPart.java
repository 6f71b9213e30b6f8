package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One dump part as a restore reads it. The core checks a part's size and SHA-256 only when it is read to its end,
 * and a tool may stop reading early or exit before its stdin pump sees the error; so this stream remembers the
 * first error any reader met, and {@link #finish()} reads what is left and throws that error. A restore replaces
 * nothing until every part it read has finished. Reads may come from a pump thread, hence the locking.
 */
public final class DumpPart extends FilterInputStream {
    private final String name;
    private IOException failure;
    private boolean ended;

    public DumpPart(String name, InputStream in) {
        super(requireNonNull(in, "in is null"));
        this.name = requireNonNull(name, "name is null");
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            int n = in.read(b, off, len);
            if (n < 0) {
                ended = true;
            }
            return n;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Skipped bytes are read, so they are checked and an error is remembered. */
    @Override
    public synchronized long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(1 << 16, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The first error a reader met, or null. */
    public synchronized IOException failure() {
        return failure;
    }

    /** Reads the part to its end, so that it is checked, and throws the first error met while reading it. */
    public synchronized void finish() throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (!ended) {
            read(buffer, 0, buffer.length);
        }
    }
}
