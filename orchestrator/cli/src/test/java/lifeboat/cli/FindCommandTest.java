package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindCommandTest {
    @TempDir
    Path dir;

    @Test
    void find_listsTheBackupsHoldingMatchingPaths_withSizeAndMtime() throws Exception {
        Path config = Cli.install(dir, "");
        Path share = dir.resolve("share");
        Cli.share(share);
        String first = Cli.on(config, "backup", "share", "--json").json().get("id").asText();
        Files.delete(share.resolve("staff/HB/noten-7a.csv"));
        Cli.write(share, "students/7a/noten-neu.csv", "x;y\n");
        String second = Cli.on(config, "backup", "share", "--json").json().get("id").asText();

        Cli.Result byName = Cli.on(config, "find", "noten*.csv", "--json");
        assertThat(byName.code()).as(byName.toString()).isZero();
        List<String> found = new ArrayList<>();
        for (JsonNode m : byName.json().get("matches")) {
            found.add(m.get("backup").asText() + " " + m.get("path").asText() + " " + m.get("size").asLong());
            assertThat(m.get("mtime").asText()).isNotEmpty();
            assertThat(m.get("copies").get(0).asText()).isEqualTo("local");
        }
        // the deleted file is in the first backup only; the new one in the second only
        assertThat(found).containsExactlyInAnyOrder(first + " staff/HB/noten-7a.csv 17",
                second + " students/7a/noten-neu.csv 4");

        Cli.Result byPath = Cli.on(config, "find", "shared/**", "--source", "share");
        assertThat(byPath.code()).as(byPath.toString()).isZero();
        assertThat(byPath.out()).contains(first).contains(second).contains("shared/Handouts/foto.jpg")
                .contains("shared/aktuell -> Handouts/Brüche.txt").doesNotContain("staff/");

        Cli.Result none = Cli.on(config, "find", "*.docx");
        assertThat(none.code()).as(none.toString()).isZero();
        assertThat(none.out()).contains("no path matches '*.docx' in 2 backups");

        Cli.Result unknown = Cli.on(config, "find", "*", "--source", "nosuch");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
    }
}
