package lifeboat.support.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The names of a restore's scratch databases: recognised (left out of '*' backups, cleaned up), and short enough. */
class ScratchNamesTest {
    @Test
    void scratchNames_areRecognised_andFitPostgresLimit_andOrdinaryNamesAreNot() {
        String longName = "schülerverwaltung_archiv_der_gesamtschule_am_rhein_2026";
        for (String db : new String[] {"school", longName}) {
            for (String kind : new String[] {"new", "old"}) {
                String scratch = DatabaseSource.scratchName(db, kind);
                assertThat(DatabaseSource.isScratch(scratch)).as(scratch).isTrue();
                assertThat(scratch.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
                assertThat(scratch).contains("_lb" + kind + "_");
            }
        }
        assertThat(DatabaseSource.scratchName("school", "new")).startsWith("school_lbnew_");
        assertThat(DatabaseSource.isScratch("school")).isFalse();
        assertThat(DatabaseSource.isScratch("school_lbnew_2026")).isFalse();
        assertThat(DatabaseSource.isScratch("school_lbnew_20260101000000_ABCD")).isFalse();
    }
}
