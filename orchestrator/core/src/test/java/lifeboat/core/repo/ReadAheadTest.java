package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    @Test
    void theReaderGetsEveryByteBeforeTheFailure_andThenThatFailure() throws Exception {
        byte[] bytes = new byte[3 * ReadAhead.CHUNK + 10];
        new SplittableRandom(3).nextBytes(bytes);
        IOException boom = new IOException("disk said no");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(bytes), new InputStream() {
            @Override
            public int read() throws IOException {
                throw boom;
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (ReadAhead in = new ReadAhead(failing, () -> 0, null, "test")) {
            byte[] buf = new byte[7919];
            assertThatThrownBy(() -> {
                int n;
                while ((n = in.read(buf, 0, buf.length)) >= 0) {
                    got.write(buf, 0, n);
                }
            }).isSameAs(boom);
            assertThatThrownBy(() -> in.read(buf, 0, 1)).isSameAs(boom);
        }
        assertThat(got.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void aRuntimeFailureBelowReachesTheReaderAsItWas() throws Exception {
        IllegalStateException bad = new IllegalStateException("decoder state");
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw bad;
            }
        };
        try (ReadAhead in = new ReadAhead(failing, () -> 0, null, "test")) {
            assertThatThrownBy(in::read).isSameAs(bad);
        }
    }

    @Test
    void afterStop_theStreamBelowIsTheReadersAlone() throws Exception {
        byte[] bytes = new byte[10 * ReadAhead.CHUNK];
        new SplittableRandom(5).nextBytes(bytes);
        ByteArrayInputStream below = new ByteArrayInputStream(bytes);
        ReadAhead in = new ReadAhead(below, () -> 0, null, "test");
        assertThat(in.read()).isEqualTo(bytes[0] & 0xff);
        in.stop();
        int left = below.available();
        // at most the chunks waiting and the one being filled were taken: the rest is still below, untouched
        assertThat(left).isGreaterThanOrEqualTo(bytes.length - (ReadAhead.SLOTS + 2) * ReadAhead.CHUNK);
        assertThat(below.available()).isEqualTo(left);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("stopped");
        in.close();
    }
}
