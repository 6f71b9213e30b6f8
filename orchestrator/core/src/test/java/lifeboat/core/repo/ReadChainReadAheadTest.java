package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every test of {@link ReadChainTest} again, on objects large enough to be read ahead on a thread of their own. */
class ReadChainReadAheadTest extends ReadChainTest {
    @Override
    int contentLength() {
        return 12_000_000; // about 6 MB stored
    }

    @Test
    void largeObject_isReadAheadOnAThreadOfItsOwn_andProgressIsToldOnTheReadersThread() throws Exception {
        byte[] stored = store(PLAIN);
        assertThat((long) stored.length).isGreaterThanOrEqualTo(ReadChain.READ_AHEAD_FROM);
        List<Thread> told = new ArrayList<>();
        long[] seen = {0};
        try (ReadChain chain = open(PLAIN, null).onRead(n -> {
            told.add(Thread.currentThread());
            seen[0] += n;
        })) {
            var in = chain.content();
            assertThat(in.read()).isEqualTo(content[0] & 0xff);
            assertThat(readAheadThreads()).isNotEmpty();
            in.transferTo(OutputStream.nullOutputStream());
            assertThat(in.read()).isEqualTo(-1); // and again: the end stays the end
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
            assertThat(chain.sha256()).isEqualTo(sha(stored));
        }
        assertThat(seen[0]).isEqualTo(stored.length);
        assertThat(told).isNotEmpty().allMatch(t -> t == Thread.currentThread());
        await().atMost(Duration.ofSeconds(10)).until(() -> readAheadThreads().isEmpty());
    }

    @Test
    void closingPartWay_endsTheReadAheadThread() throws Exception {
        store(PLAIN);
        try (ReadChain chain = open(PLAIN, null)) {
            assertThat(chain.content().readNBytes(10)).hasSize(10);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> readAheadThreads().isEmpty());
    }

    private static List<Thread> readAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lifeboat-read-") && t.isAlive()).toList();
    }
}
