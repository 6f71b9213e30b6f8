package lifeboat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import lifeboat.spi.Channel;
import lifeboat.spi.Delivery;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;
import org.junit.jupiter.api.Test;

/**
 * The contract every notification channel runs against a real server on loopback: what was sent arrives, the
 * server's answer is reported, and failures are named without secrets. Extend it and supply the channel, the
 * server's view of what arrived, and a channel whose server is down.
 */
public abstract class ChannelContractTest {
    /** A channel to a running server. */
    protected abstract Channel channel() throws Exception;

    /** A channel of the same kind to a loopback port where nothing listens. */
    protected abstract Channel unreachableChannel() throws Exception;

    /** Every message the server received so far, each as the text a person or tool would see (all parts, decoded). */
    protected abstract List<String> received() throws Exception;

    /** The secrets in the channel's configuration (password, token, secret URL path): none may leak. */
    protected abstract List<String> secrets();

    protected static Notice notice(String subject) {
        return new Notice(Notice.Kind.PROBLEM, "backup-failed", Severity.ERROR, "sis-db", "20261128T010000Z-7f3a",
                Instant.parse("2026-11-28T01:00:00Z"), subject, "backup of sis-db failed: pg_dump exited with 1",
                "check that the database server is running, then run lifeboat backup sis-db");
    }

    @Test
    void deliveredNotice_arrivesWithSubjectTextAndAdvice() throws Exception {
        Delivery d;
        try (Channel c = channel()) {
            d = c.send(notice("Backup of sis-db failed"));
        }
        assertThat(d.answer()).isNotBlank();
        assertThat(received()).hasSize(1);
        String got = received().get(0);
        assertThat(got).contains("Backup of sis-db failed").contains("pg_dump exited with 1")
                .contains("run lifeboat backup sis-db");
    }

    @Test
    void twoNotices_arriveAsTwoMessages() throws Exception {
        try (Channel c = channel()) {
            c.send(notice("first"));
            c.send(notice("second"));
        }
        assertThat(received()).hasSize(2);
    }

    @Test
    void unreachableServer_failsNamingTheChannelWithoutSecrets() throws Exception {
        try (Channel c = unreachableChannel()) {
            assertThatThrownBy(() -> c.send(notice("lost"))).isInstanceOf(IOException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).contains(c.name());
                        for (String s : secrets()) {
                            assertThat(e.getMessage()).doesNotContain(s);
                        }
                    });
        }
    }

    @Test
    void location_namesTheServerWithoutSecrets() throws Exception {
        try (Channel c = channel()) {
            assertThat(c.location()).isNotBlank();
            for (String s : secrets()) {
                assertThat(c.location()).doesNotContain(s);
            }
        }
    }
}
