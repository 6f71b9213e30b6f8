package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Utf8#wellFormed} says yes exactly where the JDK's decoder replaces nothing. */
class Utf8Test {
    private static final CharsetDecoder DECODER = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** every lead byte with every second byte; later bytes from the edges of the continuation range */
    @Test
    void everyLeadAndSecondByteWithBoundaryContinuations() {
        int[] edges = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xf4, 0xff};
        byte[] b = new byte[4];
        for (int x = 0; x < 256; x++) {
            b[0] = (byte) x;
            assertSame(b, 1);
            for (int y = 0; y < 256; y++) {
                b[1] = (byte) y;
                assertSame(b, 2);
                for (int z : edges) {
                    b[2] = (byte) z;
                    assertSame(b, 3);
                    for (int w : edges) {
                        b[3] = (byte) w;
                        assertSame(b, 4);
                    }
                }
            }
        }
    }

    @Test
    void randomTextWithinALargerArray() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[2 + r.nextInt(12)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 0x80 + r.nextInt(0x40));
            }
            int from = r.nextInt(b.length);
            int to = from + r.nextInt(b.length - from + 1);
            assertSame(b, from, to);
        }
    }

    private static void assertSame(byte[] b, int n) {
        assertSame(b, 0, n);
    }

    private static void assertSame(byte[] b, int from, int to) {
        boolean jdk = jdkDecodes(b, from, to);
        if (Utf8.wellFormed(b, from, to) != jdk) {
            assertThat(Utf8.wellFormed(b, from, to)).as("%s", HexFormat.of().formatHex(b, from, to)).isEqualTo(jdk);
        }
    }

    private static boolean jdkDecodes(byte[] b, int from, int to) {
        DECODER.reset();
        CoderResult r = DECODER.decode(ByteBuffer.wrap(b, from, to - from), CharBuffer.allocate(16), true);
        return !r.isError() && !DECODER.flush(CharBuffer.allocate(16)).isError();
    }
}
