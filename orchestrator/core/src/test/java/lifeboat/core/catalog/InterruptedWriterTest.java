package lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it writes the H2 catalog (a pool shut down around a daemon round) must not close the
 * catalog for the rest of the process: with the file opened as a plain channel, the interrupt closed it and released
 * its lock, and every later statement failed with "The database has been closed".
 */
class InterruptedWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesByAnInterruptedThread_leaveTheCatalogOpenForEveryone() throws SQLException {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("catalog"))) {
            db.update("create table t (id int primary key)");
            for (int i = 0; i < 50; i++) {
                Thread.currentThread().interrupt();
                try {
                    db.update("insert into t (id) values (?)", i);
                } finally {
                    Thread.interrupted();
                }
            }

            assertThat(db.count("select count(*) from t")).isEqualTo(50);
        }
    }
}
