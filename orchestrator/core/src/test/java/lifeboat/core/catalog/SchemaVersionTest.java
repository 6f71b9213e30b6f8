package lifeboat.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaVersionTest {
    /** The database skips Flyway when SCHEMA_VERSION is applied: a new migration without raising it would never run. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void schemaVersion_isTheNewestMigration(String vendor) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration", vendor))) {
            int newest = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
            assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
        }
    }
}
