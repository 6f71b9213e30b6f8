package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign, bad input: every case of {@code campaign/bad-inputs.yaml} exits with its code, says its words and
 * prints no stack trace. The cases share one installation with a plain and an age-encrypted backup.
 */
class BadInputCampaignIT {
    @TempDir
    static Path dir;
    static final Map<String, String> PLACEHOLDERS = new java.util.HashMap<>();
    /** Case name to whether it passed, its last run counting (failsafe runs a failing case again). */
    static final Map<String, Boolean> RESULTS = new ConcurrentSkipListMap<>();

    @BeforeAll
    static void installation() throws Exception {
        ManualRestoreIT.Shell gen = ManualRestoreIT.sh(dir, "age-keygen -o key.txt 2>&1 && age-keygen -o other.txt");
        assertThat(gen.code()).as(gen.output()).isZero();
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(gen.output());
        assertThat(m.find()).isTrue();
        String recipient = m.group();
        Cli.share(dir.resolve("share"));
        Files.createDirectories(dir.resolve("conf.d"));
        Path config = Files.writeString(dir.resolve("fixture.yaml"), """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                  - name: vault
                    type: files
                    path: ./share
                    storage: [local]
                    encryption:
                      recipients: [%s]
                      identity: ${file:key.txt}
                """.formatted(recipient));
        PLACEHOLDERS.put("@ID@", backUp(config, "share"));
        PLACEHOLDERS.put("@ENC_ID@", backUp(config, "vault"));
        PLACEHOLDERS.put("@RECIPIENT@", recipient);
        PLACEHOLDERS.put("@CLOSED@", Integer.toString(Campaign.closedPort()));
        PLACEHOLDERS.put("@DIR@", dir.toString());
    }

    private static String backUp(Path config, String source) throws IOException {
        Cli.Result b = Cli.on(config, "backup", source, "--json");
        assertThat(b.code()).as(b.toString()).isZero();
        return b.json().get("id").asText();
    }

    @AfterAll
    static void summary() {
        List<String> failed = RESULTS.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        Campaign.count("bad-input", "bad inputs passed " + (RESULTS.size() - failed.size()) + "/" + RESULTS.size()
                + (failed.isEmpty() ? "" : "; failing: " + String.join(" | ", failed)));
    }

    static JsonNode corpus() throws IOException {
        try (InputStream in = BadInputCampaignIT.class.getResourceAsStream("/campaign/bad-inputs.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadInput_exitsWithItsCodeAndMessage_andNoStackTrace() throws IOException {
        JsonNode corpus = corpus();
        String base = corpus.get("base").asText();
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (JsonNode c : corpus.get("cases")) {
            int number = ++n;
            tests.add(DynamicTest.dynamicTest(number + ": " + c.get("name").asText(), () -> run(number, c, base)));
        }
        assertThat(tests).as("the corpus holds at least 60 cases").hasSizeGreaterThanOrEqualTo(60);
        return tests.stream();
    }

    private static String fill(String s) {
        for (Map.Entry<String, String> e : PLACEHOLDERS.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            list.forEach(v -> out.add(fill(v.asText())));
        }
        return out;
    }

    private void run(int number, JsonNode c, String base) throws Exception {
        String name = "%02d %s".formatted(number, c.get("name").asText());
        List<Path> created = new ArrayList<>();
        try {
            if (c.has("files")) {
                var it = c.get("files").fields();
                while (it.hasNext()) {
                    var f = it.next();
                    Path p = dir.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    created.add(Files.writeString(p, fill(f.getValue().asText())));
                }
            }
            String yaml = c.hasNonNull("config") ? c.get("config").asText()
                    : c.path("prepend").asText("") + base + c.path("append").asText("");
            Path config = dir.resolve("lifeboat.yaml");
            Files.writeString(config, fill(yaml));
            List<String> args = strings(c.get("args"));
            Cli.Result r = c.path("raw").asBoolean(false) ? Cli.run(args.toArray(String[]::new))
                    : Cli.on(config, args.toArray(String[]::new));
            String output = r.out() + r.err();
            String lower = output.toLowerCase(Locale.ROOT);
            assertThat(r.code()).as(name + ": exit code\n" + r).isEqualTo(c.get("exit").asInt());
            for (String word : strings(c.get("expect"))) {
                assertThat(lower).as(name + ": says '" + word + "'\n" + r).contains(word.toLowerCase(Locale.ROOT));
            }
            for (String word : strings(c.get("absent"))) {
                assertThat(output).as(name + ": must not say '" + word + "'\n" + r).doesNotContain(word);
            }
            Campaign.assertNoStackTrace(name, output);
            RESULTS.put(name, true);
        } catch (AssertionError e) {
            RESULTS.put(name, false);
            throw e;
        } finally {
            for (Path p : created) {
                Files.deleteIfExists(p);
            }
        }
    }
}
