package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonContractTest {
    @TempDir
    Path dir;

    @Test
    void backupJson_oneSource_isOneObjectWithTheDocumentedFields() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        Cli.Result r = Cli.on(config, "backup", "share", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode b = r.json();
        assertThat(b.isObject()).isTrue();
        assertThat(b.get("id").asText()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{4}");
        assertThat(b.get("source").asText()).isEqualTo("share");
        assertThat(b.get("level").asText()).isEqualTo("full");
        assertThat(b.get("status").asText()).isEqualTo("complete");
        assertThat(b.get("files").asLong()).isEqualTo(6);
        assertThat(b.get("bytes").asLong()).isGreaterThan(300_000);
        for (String t : List.of("startedAt", "finishedAt")) {
            assertThat(b.get(t).isTextual()).as(t).isTrue();
            assertThat(b.get(t).asText()).as(t).endsWith("Z");
            Instant.parse(b.get(t).asText());
        }
        assertThat(b.get("note").asText()).contains("no earlier backup");
        assertThat(r.out().trim()).startsWith("{").endsWith("}"); // nothing but the document on stdout
    }

    @Test
    void listJson_isAnArray_andShowFilesListsPaths() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        String id = Cli.on(config, "backup", "share", "--json").json().get("id").asText();
        Cli.Result list = Cli.on(config, "list", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json()).singleElement().satisfies(b -> {
            assertThat(b.get("id").asText()).isEqualTo(id);
            assertThat(b.get("status").asText()).isEqualTo("complete");
            assertThat(b.get("startedAt").asText()).endsWith("Z");
        });

        Cli.Result show = Cli.on(config, "show", id, "--files", "--json");
        assertThat(show.code()).as(show.toString()).isZero();
        List<String> paths = new ArrayList<>();
        show.json().get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertThat(paths).contains("staff/HB/noten-7a.csv", "shared/Handouts/Brüche.txt", "shared/aktuell", "leer",
                "students/7a/empty.txt");
        assertThat(show.json().get("objects")).hasSize(4);
    }

    @Test
    void listJson_emptyCatalog_isAnEmptyArray() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.Result list = Cli.on(config, "list", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json()).isEmpty();
    }
}
