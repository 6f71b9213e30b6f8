package lifeboat.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggingJobLogTest {
    @Test
    void line_namesTheSourceOnce() {
        assertThat(LoggingJobLog.line("sis", "sis: restored sis.pgdump.zst into database 'sis'"))
                .isEqualTo("sis: restored sis.pgdump.zst into database 'sis'");
        assertThat(LoggingJobLog.line("sis", "dump started")).isEqualTo("sis: dump started");
        assertThat(LoggingJobLog.line("sis", "sis-db: other source")).isEqualTo("sis: sis-db: other source");
    }
}
