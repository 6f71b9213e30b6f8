package lifeboat.core.repo;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** zstd streams as Lifeboat writes them: with the frame checksum, so {@code zstd -t} can test an archive alone. */
public final class Zstd {
    public static final int DEFAULT_LEVEL = 3;

    private Zstd() {
    }

    public static OutputStream compress(OutputStream out, int level, int workers) throws IOException {
        var z = new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE);
        z.setLevel(level);
        z.setChecksum(true);
        if (workers > 0) {
            z.setWorkers(workers);
        }
        return z;
    }

    public static InputStream decompress(InputStream in) throws IOException {
        return new BufferedInputStream(new ZstdInputStreamNoFinalizer(in, RecyclingBufferPool.INSTANCE), 1 << 16);
    }
}
