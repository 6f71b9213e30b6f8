package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {
    @TempDir
    Path dir;

    @Test
    void show_printsTextByDefault_andJsonWithTheFlag_withSymlinkTargets() throws Exception {
        Path config = Cli.install(dir, "");
        Cli.share(dir.resolve("share"));
        String id = Cli.on(config, "backup", "share", "--json").json().get("id").asText();

        Cli.Result text = Cli.on(config, "show", id, "--files");
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("backup " + id + " of share (files, full)")
                .contains("copies:\n  local: complete").contains("data.tar.zst").contains("verifications: none")
                .contains("shared/aktuell -> Handouts/Brüche.txt").doesNotContain("{");

        Cli.Result json = Cli.on(config, "show", id, "--files", "--json");
        assertThat(json.code()).as(json.toString()).isZero();
        JsonNode link = null;
        for (JsonNode f : json.json().get("files")) {
            if (f.get("path").asText().equals("shared/aktuell")) {
                link = f;
            }
        }
        assertThat(link).isNotNull();
        assertThat(link.get("link").asText()).isEqualTo("Handouts/Brüche.txt");
        assertThat(json.json().get("id").asText()).isEqualTo(id);
    }
}
