package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JSON array written item by item is, byte for byte, the whole list written at once; unfinished, it is no array. */
class JsonArrayTest {
    @Test
    void itemByItem_isTheWholeListAtOnce() throws Exception {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", "20261130T010000Z-0001");
        first.put("startedAt", Instant.parse("2026-11-30T01:00:00.5Z"));
        first.put("copies", List.of("local:complete", "offsite:complete"));
        first.put("note", "Grüße, \"quoted\"\n\ttabbed");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("id", "b");
        second.put("files", 20_000L);
        second.put("nothing", null);
        second.put("empty", List.of());
        for (List<Map<String, Object>> items : List.of(List.<Map<String, Object>>of(), List.of(first),
                List.of(first, second, first))) {
            String whole = stdout(() -> Output.json(items));
            String streamed = stdout(() -> {
                Output.JsonArray json = new Output.JsonArray();
                for (Map<String, Object> i : items) {
                    json.add(i);
                }
                json.finish();
            });
            assertThat(streamed).isEqualTo(whole);
        }
    }

    @Test
    void unfinished_isNoCompleteArray() throws Exception {
        String out = stdout(() -> new Output.JsonArray().add(Map.of("id", "a")));
        assertThat(out).startsWith("[ {").doesNotContain("]");
    }

    interface Body {
        void run() throws Exception;
    }

    private static synchronized String stdout(Body body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            body.run();
            o.flush();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
