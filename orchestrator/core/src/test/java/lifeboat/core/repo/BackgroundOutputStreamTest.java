package lifeboat.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackgroundOutputStreamTest {
    @Test
    void writesEveryByteInOrder_andClosesBelowOnClose() throws Exception {
        byte[] data = new byte[5 * BackgroundOutputStream.CHUNK + 12345];
        new Random(7).nextBytes(data);
        boolean[] closed = new boolean[1];
        ByteArrayOutputStream below = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (BackgroundOutputStream out = new BackgroundOutputStream(below, "test")) {
            out.write(data[0]);
            for (int off = 1; off < data.length; off += 70_001) {
                out.write(data, off, Math.min(70_001, data.length - off));
            }
        }
        assertThat(closed[0]).isTrue();
        assertThat(below.toByteArray()).isEqualTo(data);
    }

    @Test
    void failureBelow_isThrownToTheWriterAsItWas() {
        IOException full = new IOException("No space left on device");
        OutputStream failing = new OutputStream() {
            private long n;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                n += len;
                if (n > 2L * BackgroundOutputStream.CHUNK) {
                    throw full;
                }
            }
        };
        BackgroundOutputStream out = new BackgroundOutputStream(failing, "test");
        byte[] buffer = new byte[64 * 1024];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                out.write(buffer);
            }
            out.close();
        }).isSameAs(full);
        out.abort();
    }
}
