package lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which H2 errors are a catalog passing between processes (retried) and which are real (reported at once). */
class HandoverTest {
    @Test
    void theHandoverErrorsTheConcurrencyMatrixMet_areRetried() {
        for (int code : new int[] {90067, 90121, 90098, 90020, 90007}) {
            assertThat(Handover.isHandover(new SQLException("h2", "HY000", code))).as("code %d", code).isTrue();
        }
        for (String race : new String[] {"Lock file recently modified", "Another process was faster",
                "Concurrent update"}) {
            assertThat(Handover.isHandover(new SQLException("Error opening database: \"" + race + "\"", "HY000", 8000)))
                    .as(race).isTrue();
        }
        assertThat(Handover.isHandover(new RuntimeException("migration", new SQLException("h2", "HY000", 90020))))
                .as("found below a wrapper").isTrue();
    }

    @Test
    void otherErrors_areNot() {
        assertThat(Handover.isHandover(new SQLException("Table \"X\" not found", "42S02", 42102))).isFalse();
        assertThat(Handover.isHandover(new SQLException("Error opening database: \"disk full\"", "HY000", 8000)))
                .isFalse();
    }
}
