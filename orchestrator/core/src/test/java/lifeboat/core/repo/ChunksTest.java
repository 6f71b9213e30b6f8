package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buffers streams hand between threads are kept for the next stream, and only once no one uses them. */
class ChunksTest {
    @BeforeEach
    void nothingKept() {
        while (Chunks.kept() > 0) {
            Chunks.take();
        }
    }

    @Test
    void aBackgroundStream_givesEveryBufferBack_whenClosed() throws Exception {
        byte[] bytes = random(3 * Chunks.SIZE + 5, 1);
        MessageDigest d = Sha256.digest();
        BackgroundOutputStream out = BackgroundOutputStream.digesting(d);
        out.write(bytes);
        assertThat(Chunks.kept()).isZero();
        out.close();
        assertThat(Chunks.kept()).isEqualTo(BackgroundOutputStream.SLOTS);
        assertThat(d.digest()).isEqualTo(Sha256.digest().digest(bytes));
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("after close");
    }

    @Test
    void aSmallBackgroundStream_givesItsOneBufferBack() throws Exception {
        BackgroundOutputStream out = BackgroundOutputStream.digesting(Sha256.digest());
        out.write(new byte[100]);
        out.close();
        assertThat(Chunks.kept()).isEqualTo(1);
    }

    @Test
    void streamsOnKeptBuffers_handOverExactlyTheirOwnBytes() throws Exception {
        for (int i = 0; i < 6; i++) {
            // each stream gets the buffers the one before filled with other bytes; sizes end mid-buffer
            byte[] bytes = random(2 * Chunks.SIZE + 1000 * (6 - i), i);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (BackgroundOutputStream out = BackgroundOutputStream.over(sink, "test")) {
                out.write(bytes);
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (ReadAhead in = new ReadAhead(new ByteArrayInputStream(sink.toByteArray()), () -> 0, null, "test")) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf, 0, buf.length)) >= 0) {
                    got.write(buf, 0, n);
                }
            }
            assertThat(got.toByteArray()).isEqualTo(bytes);
        }
        assertThat(Chunks.kept()).isBetween(1, Chunks.KEPT);
    }

    @Test
    void aReadAheadStoppedHalfway_givesItsBuffersBack_andReadsNoMore() throws Exception {
        byte[] bytes = random(10 * Chunks.SIZE, 7);
        ReadAhead in = new ReadAhead(new ByteArrayInputStream(bytes), () -> 0, null, "test");
        byte[] buf = new byte[1000];
        assertThat(in.read(buf, 0, buf.length)).isEqualTo(1000);
        in.stop();
        assertThat(Chunks.kept()).isPositive();
        assertThatThrownBy(() -> in.read(buf, 0, buf.length)).isInstanceOf(IOException.class)
                .hasMessageContaining("stopped");
    }

    @Test
    void atMostKEPT_areKept() {
        for (int i = 0; i < Chunks.KEPT + 5; i++) {
            Chunks.give(new byte[Chunks.SIZE]);
        }
        Chunks.give(new byte[10]);
        assertThat(Chunks.kept()).isEqualTo(Chunks.KEPT);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
