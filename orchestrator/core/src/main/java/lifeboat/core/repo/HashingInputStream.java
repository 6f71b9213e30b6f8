package lifeboat.core.repo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and SHA-256-hashes the bytes as they are read, the hashing on a thread of its own once more than a chunk was
 * read (see {@link BackgroundOutputStream#digesting}). Not thread-safe.
 */
final class HashingInputStream extends FilterInputStream {
    private final MessageDigest sha = Sha256.digest();
    private final BackgroundOutputStream digest = BackgroundOutputStream.digesting(sha);
    private final byte[] one = new byte[1];
    private long count;
    private String sha256;

    HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            one[0] = (byte) b;
            digest.write(one, 0, 1);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.write(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long count() {
        return count;
    }

    /** The SHA-256 of what was read; taken once, when the stream has been read to its end. */
    public String sha256() throws IOException {
        if (sha256 == null) {
            digest.close();
            sha256 = Sha256.hex(sha);
        }
        return sha256;
    }

    @Override
    public void close() throws IOException {
        digest.abort(); // a no-op once the hash was taken
        super.close();
    }
}
