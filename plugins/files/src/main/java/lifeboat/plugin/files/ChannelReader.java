package lifeboat.plugin.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a file channel through one reused direct buffer. The JDK's channel stream reads into heap arrays through a
 * temporary direct buffer per call; measured on the 1 GB bench share this was about twice as slow.
 */
final class ChannelReader extends InputStream {
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20));
    private final FileChannel channel;
    private final ByteBuffer buffer = BUFFERS.get();

    ChannelReader(FileChannel channel) {
        this.channel = channel;
        buffer.clear().limit(0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!buffer.hasRemaining()) {
            buffer.clear();
            int n = channel.read(buffer);
            buffer.flip();
            if (n < 0) {
                return -1;
            }
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
