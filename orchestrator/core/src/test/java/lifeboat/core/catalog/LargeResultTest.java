package lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query's rows come straight from an H2 file this process opened: H2 would otherwise keep a result longer than
 * its in-memory row limit (scaled to the heap: 5,000 rows with -Xmx128m) in a temporary file, written and read back.
 */
class LargeResultTest {
    @TempDir
    Path dir;

    @Test
    void rowsOverH2sInMemoryLimit_areReadWithoutATemporaryFile() throws Exception {
        // the limit lowered to 100 rows stands for a small heap's
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("catalog") + ";MAX_MEMORY_ROWS=100")) {
            db.update("create table numbers (n bigint primary key, word varchar(20))");
            db.update("insert into numbers select x, 'number ' || x from system_range(1, 5000)");
            List<List<String>> seen = new ArrayList<>();
            List<Long> rows = db.query("select n, word from numbers", rs -> {
                if (rs.getLong(1) % 1000 == 0) {
                    seen.add(openFiles());
                }
                return rs.getLong(1);
            });
            assertThat(rows).hasSize(5000).startsWith(1L, 2L).endsWith(5000L);
            assertThat(seen).hasSize(5).allSatisfy(files -> assertThat(files).noneMatch(f -> f.endsWith(".temp.db")));
        }
    }

    /** The files this process has open (a temporary file may be deleted while open). */
    private static List<String> openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(LargeResultTest::target).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";  // closed since it was listed
        }
    }
}
