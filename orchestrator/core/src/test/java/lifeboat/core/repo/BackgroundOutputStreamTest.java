package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        try (BackgroundOutputStream out = BackgroundOutputStream.over(below, "test")) {
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
        BackgroundOutputStream out = BackgroundOutputStream.over(failing, "test");
        byte[] buffer = new byte[64 * 1024];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                out.write(buffer);
            }
            out.close();
        }).isSameAs(full);
        out.abort();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BackgroundOutputStream.CHUNK - 1, BackgroundOutputStream.CHUNK,
        BackgroundOutputStream.CHUNK + 1, BackgroundOutputStream.CHUNK * BackgroundOutputStream.SLOTS * 3 + 12345})
    void digesting_isTheSha256OfEveryByte_whateverTheWriteSizes(int size) throws Exception {
        SplittableRandom random = new SplittableRandom(size);
        byte[] data = new byte[size];
        random.nextBytes(data);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (BackgroundOutputStream d = BackgroundOutputStream.digesting(sha)) {
            for (int off = 0; off < size; ) {
                int n = Math.min(size - off, 1 + random.nextInt(300_000));
                d.write(data, off, n);
                off += n;
            }
        }
        MessageDigest plain = MessageDigest.getInstance("SHA-256");
        assertThat(Hex.encodeHexString(sha.digest())).isEqualTo(Hex.encodeHexString(plain.digest(data)));
    }
}
