package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifest's streaming reader and writer against the mapper they replace: the same bytes written, the same
 * entries (or the same error) read from the same lines.
 */
class ManifestCodecTest {
    private static final ObjectWriter MAPPER_WRITER = Json.MAPPER.writerFor(ManifestEntry.class);
    private static final ObjectReader MAPPER_READER = Json.MAPPER.readerFor(ManifestEntry.class);
    private static final String HELD = "20261128T010000Z-7f3a";
    private static final Instant MTIME = Instant.parse("2026-11-28T01:00:00.123456789Z");
    private static final Instant CTIME = Instant.parse("2026-11-28T01:00:05Z");

    @Test
    void writesTheBytesTheMapperWrote() throws IOException {
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("a", "dir", 0, MTIME, CTIME, 0755, 0, 0, "root", "root", "2049:12", null, null, HELD,
                        null),
                new ManifestEntry("a/b.txt", "file", 12, MTIME, CTIME, 0644, 1000, 100, "anna", "staff", "2049:13",
                        "ab".repeat(32), null, HELD, null),
                new ManifestEntry("a/c", "symlink", 0, Instant.parse("1960-01-01T00:00:00Z"), CTIME, 0777, 0, 0, null,
                        null, "2049:14", null, "../x/\"quoted\" \u00e4\u0308", HELD, null),
                new ManifestEntry("a/d", "hardlink", 12, MTIME, CTIME, 0644, -1, -2, null, null, "2049:13",
                        "ab".repeat(32), "a/b.txt", HELD, null),
                new ManifestEntry("a/e", "deleted", 0, null, null, 0, 0, 0, null, null, null, null, null, HELD, null),
                new ManifestEntry("a/f", "file", Long.MAX_VALUE, Instant.ofEpochSecond(-1, 999_999_999),
                        Instant.EPOCH, 07777, Integer.MAX_VALUE, Integer.MIN_VALUE, "u", "g", "0:0", null, null, null,
                        "permission denied"),
                new ManifestEntry("a/g \uD83C\uDF89 \u4E2D\u6587 \u0416 \u0639\u0631\u0628\u064A \t\n\r\u0001\u001f\u007f\\/",
                        "file", 0, Instant.parse("+12026-01-01T00:00:00.5Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                        0, 0, 0, null, null, null, "e3b0", null, HELD, null),
                new ManifestEntry("a/h", "file", 1, Instant.MIN, Instant.MAX, 0, 0, 0, "", "", "", "", null, "", ""),
                new ManifestEntry("a/i\uD800x\uDFFF", "file", 1, MTIME, null, 0, 0, 0, null, null, null, null, null,
                        null, null));
        assertThat(written(entries)).isEqualTo(mapperWritten(entries));
        for (ManifestEntry e : entries) {
            if (fourDigitYear(e.mtime()) && fourDigitYear(e.ctime())) {
                assertThat(fastRead(MAPPER_WRITER.writeValueAsBytes(e))).isEqualTo(e);
            }
        }
        assertThat(readAll(written(entries))).isEqualTo(entries).isEqualTo(mapperRead(written(entries)));
    }

    @Test
    void randomEntriesRoundTripAsWithTheMapper() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            TreeMap<String, ManifestEntry> byPath = new TreeMap<>(PathOrder.INSTANCE);
            for (int i = 0; i < 500; i++) {
                ManifestEntry e = randomEntry(r);
                byPath.put(e.path(), e);
            }
            List<ManifestEntry> entries = List.copyOf(byPath.values());
            byte[] bytes = written(entries);
            assertThat(bytes).isEqualTo(mapperWritten(entries));
            assertThat(readAll(bytes)).isEqualTo(entries).isEqualTo(mapperRead(bytes));
            for (ManifestEntry e : entries) {
                if (fourDigitYear(e.mtime()) && fourDigitYear(e.ctime())) {
                    assertThat(fastRead(MAPPER_WRITER.writeValueAsBytes(e))).isEqualTo(e);
                }
            }
        }
    }

    /** Lines the writer never writes, but a reader met or may meet: read as the mapper reads them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"file\",\"path\":\"b\",  \"size\" : 3 , \"held\":\"x\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":1,\"new\":1,\"more\":{\"x\":[1,{\"y\":null}]},\"list\":[],\"n\":null,\"file\":true}",
        "{\"path\":\"a\",\"type\":\"dir\",\"file\":\"no\"}",
        "{\"path\":\"a\",\"type\":\"dir\",\"file\":1}",
        "{\"path\":\"a\",\"type\":\"dir\",\"file\":{\"a\":1}}",
        "{\"path\":\"a\",\"type\":\"dir\",\"file\":null}",
        "{\"path\":\"a\",\"type\":\"dir\",\"file\":true,\"file\":false}",
        "{\"path\":\"a\",\"path\":\"b\",\"type\":\"dir\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":\"12\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":1.0}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":1.5}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":null}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":99999999999999999999}",
        "{\"path\":\"a\",\"type\":\"file\",\"mode\":2147483648}",
        "{\"path\":\"a\",\"type\":\"file\",\"uid\":-1,\"gid\":4294967295}",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":007}",
        "{\"path\":1,\"type\":\"file\"}",
        "{\"path\":\"a\",\"type\":true}",
        "{\"path\":\"a\",\"type\":\"file\",\"user\":[\"x\"]}",
        "{\"path\":\"a\",\"type\":\"file\",\"held\":null,\"user\":null}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2026-11-28T01:00:00+00:00\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2026-11-28T01:00:00+01:00\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2026-11-28t01:00:00z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2026-11-28T01:00:00.5Z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2026-11-28T01:00:00.12345678Z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2016-12-31T23:59:60Z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"2026-02-30T00:00:00Z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"+10000-01-01T00:00:00Z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"-0001-01-01T00:00:00Z\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\" 2026-11-28T01:00:00Z \"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":\"1700000000\"}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":1700000000}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":1700000000.25}",
        "{\"path\":\"a\",\"type\":\"file\",\"mtime\":null,\"ctime\":null}",
        "{\"path\":\"a\",\"type\":\"file\",\"ctime\":\"yesterday\"}",
        "{\"path\":\"\\u00e4\\/b\\\"c\\\\d\\n\\ud83c\\udf89\\ud800\",\"type\":\"symlink\",\"link\":\"\\u0000\\t\"}",
        "{\"path\":\"a\",\"type\":\"deleted\",\"size\":0,\"mode\":0,\"uid\":0,\"gid\":0,\"held\":\"x\",\"file\":false}",
        "{\"path\":null,\"type\":\"file\"}",
        "{\"type\":\"file\"}",
        "{\"path\":\"a\"}",
        "{}",
        "[]",
        "1",
        "\"a\"",
        "null",
        "",
        "   ",
        "{",
        "{\"path\":\"a\",\"type\":\"file\"",
        "{\"path\":\"a\",\"type\":\"file\"} trailing",
        "{\"path\":\"a\",\"type\":\"file\"}{\"path\":\"b\",\"type\":\"file\"}",
        "  {\"path\":\"a\",\"type\":\"file\"}",
        "\uFEFF{\"path\":\"a\",\"type\":\"file\"}",
        "{'path':'a','type':'file'}",
        "{path:\"a\",\"type\":\"file\"}",
        "{\"path\":\"a\",\"type\":\"file\",}",
        "{\"path\":\"a\t\",\"type\":\"file\"}",
        "{\"path\":\"a\",\"type\":\"file\"} // comment",
        "{\"path\":\"a\",\"type\":\"file\",\"size\":NaN}",
        "{\"path\":\"a\",\"type\":\"file\",\"x\":{\"y\":[[[[[[[[[[1]]]]]]]]]]}}",
    })
    void readsAnyLineAsTheMapperDid(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(bytes)).isEqualTo(mapperOutcome(bytes));
    }

    @Test
    void bytesThatAreNoUtf8AreReadAsBefore() throws IOException {
        byte[] head = "{\"path\":\"a".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "b\",\"type\":\"file\"}\n".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80,
                    (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xc3, (byte) 0xa4})) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(head);
            b.write(bad);
            b.write(tail);
            assertThat(outcome(b.toByteArray())).isEqualTo(mapperOutcome(b.toByteArray()));
            // and cut short by the end of the line or of the manifest
            ByteArrayOutputStream cut = new ByteArrayOutputStream();
            cut.write(head);
            cut.write(bad, 0, bad.length - 1);
            for (byte[] rest : List.of(new byte[] {'\n'}, new byte[] {'\r', '\n'}, new byte[0], tail)) {
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                c.write(cut.toByteArray());
                c.write(rest);
                c.write(b.toByteArray());
                assertThat(outcome(c.toByteArray())).isEqualTo(mapperOutcome(c.toByteArray()));
            }
        }
    }

    @Test
    void linesEndAsForReadLine() throws IOException {
        String a = "{\"path\":\"a\",\"type\":\"dir\"}";
        String b = "{\"path\":\"a/b\",\"type\":\"file\",\"size\":2}";
        for (String text : List.of(a + "\n" + b + "\n", a + "\r\n" + b + "\r\n", a + "\r" + b + "\r", a + "\n" + b,
                a + "\r\n" + b, "", a, a + "\n\n" + b, a + "\r\n\r\n" + b, a + "\n\r" + b, a + "\r\r\n" + b)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(bytes)).as(text).isEqualTo(mapperOutcome(bytes));
        }
    }

    @Test
    void aLineEndSplitAcrossReadsIsOneLineEnd() throws IOException {
        // the buffer is refilled between '\r' and '\n' when the first line fills it exactly
        String first = "{\"path\":\"" + "p".repeat((1 << 16) - 30) + "\",\"type\":\"dir\"}";
        for (int pad = 0; pad < 40; pad++) {
            String line = first.replace("\"type\"", " ".repeat(pad) + "\"type\"");
            byte[] bytes = (line + "\r\n{\"path\":\"q\",\"type\":\"dir\"}\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(bytes)).isEqualTo(mapperOutcome(bytes));
        }
    }

    @Test
    void linesLongerThanTheBufferAreReadWhole() throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        entries.add(new ManifestEntry("a", "dir", 0, MTIME, CTIME, 0755, 0, 0, null, null, null, null, null, HELD, null));
        entries.add(new ManifestEntry("a/" + "\u00e4".repeat(150_000), "symlink", 0, MTIME, CTIME, 0777, 0, 0, null,
                null, null, null, "\u0001".repeat(70_000), HELD, null));
        entries.add(new ManifestEntry("b", "dir", 0, MTIME, CTIME, 0755, 0, 0, null, null, null, null, null, HELD, null));
        byte[] bytes = written(entries);
        assertThat(bytes).isEqualTo(mapperWritten(entries));
        assertThat(readAll(bytes)).isEqualTo(entries);
    }

    @Test
    void anInvalidLineIsReportedWithItsNumberAndTheMappersWords() throws IOException {
        byte[] bytes = ("{\"path\":\"a\",\"type\":\"dir\"}\n{\"path\":\"b\",\"type\":\"file\",\"size\":\"many\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        ManifestReader r = new ManifestReader(new ByteArrayInputStream(bytes), "m");
        assertThat(r.next().path()).isEqualTo("a");
        assertThatThrownBy(r::next).hasMessageStartingWith("manifest m line 2 is not a valid entry: ")
                .hasMessageContaining("many");
        assertThat(outcome(bytes)).isEqualTo(mapperOutcome(bytes));
    }

    @Test
    void peekDoesNotConsume() throws IOException {
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("a", "dir", 0, MTIME, CTIME, 0755, 0, 0, null, null, null, null, null, HELD, null),
                new ManifestEntry("b", "deleted", 0, null, null, 0, 0, 0, null, null, null, null, null, HELD, null));
        try (ManifestReader r = new ManifestReader(new ByteArrayInputStream(written(entries)), "m")) {
            assertThat(r.peek()).isEqualTo(entries.get(0));
            assertThat(r.peek()).isEqualTo(entries.get(0));
            assertThat(r.next()).isEqualTo(entries.get(0));
            assertThat(r.peek()).isEqualTo(entries.get(1));
            assertThat(r.next()).isEqualTo(entries.get(1));
            assertThat(r.peek()).isNull();
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void theWriterStillRefusesPathsOutOfOrder() throws IOException {
        ManifestWriter w = new ManifestWriter(new ByteArrayOutputStream());
        w.write(new ManifestEntry("a-b", "dir", 0, null, null, 0, 0, 0, null, null, null, null, null, null, null));
        assertThatThrownBy(() -> w.write(new ManifestEntry("a/b", "dir", 0, null, null, 0, 0, 0, null, null, null, null,
                null, null, null))).isInstanceOf(IllegalStateException.class);
    }

    private static ManifestEntry randomEntry(SplittableRandom r) {
        String type = List.of("file", "dir", "symlink", "hardlink", "deleted").get(r.nextInt(5));
        boolean deleted = type.equals("deleted");
        return new ManifestEntry(randomPath(r), type, r.nextInt(4) == 0 ? r.nextLong(0, Long.MAX_VALUE) : r.nextInt(1 << 20),
                deleted ? null : randomInstant(r), deleted ? null : randomInstant(r), r.nextInt(010000),
                r.nextInt(10) == 0 ? r.nextInt() : r.nextInt(70_000), r.nextInt(10) == 0 ? r.nextInt() : r.nextInt(70_000),
                maybe(r, randomText(r, 8)), maybe(r, randomText(r, 8)), maybe(r, r.nextInt(1 << 16) + ":" + r.nextLong(1L << 40)),
                maybe(r, Long.toHexString(r.nextLong())), maybe(r, randomText(r, 40)), maybe(r, HELD), maybe(r, randomText(r, 30)));
    }

    private static boolean fourDigitYear(Instant t) {
        return t == null || !t.isBefore(Instant.parse("0000-01-01T00:00:00Z"))
                && t.isBefore(Instant.parse("+10000-01-01T00:00:00Z"));
    }

    private static String maybe(SplittableRandom r, String s) {
        return r.nextBoolean() ? s : null;
    }

    private static Instant randomInstant(SplittableRandom r) {
        int nano = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
        };
        long s = switch (r.nextInt(10)) {
            case 0 -> r.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
            case 1 -> r.nextLong(-3_000_000_000L, 0);
            default -> r.nextLong(0, 2_000_000_000L);
        };
        return Instant.ofEpochSecond(s, nano);
    }

    private static String randomPath(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int segments = 1 + r.nextInt(5);
        for (int i = 0; i < segments; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(randomText(r, 1 + r.nextInt(20)));
        }
        return b.toString();
    }

    /** Letters mostly, and everything a name on a share may hold: quotes, controls, accents, other scripts, emoji. */
    private static String randomText(SplittableRandom r, int n) {
        String[] pool = {"a", "Z", "0", " ", "-", ".", "\"", "\\", "\u0000", "\u0001", "\t", "\n", "\r", "\u001f",
            "\u007f", "\u00e4", "a\u0308", "\u00df", "\u4e2d", "\u0416", "\u0639", "\uD83C\uDF89", "\uD83D\uDE00", "\u2028",
            "\uFEFF", "\uFFFD", "\uD800", "\uDFFF", "&", "#", "%", "'", "<", "~"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(3) == 0 ? pool[r.nextInt(pool.length)] : String.valueOf((char) ('a' + r.nextInt(26))));
        }
        return b.toString();
    }

    private static byte[] written(List<ManifestEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ManifestWriter w = new ManifestWriter(out)) {
            for (ManifestEntry e : entries) {
                w.write(e);
            }
        }
        return out.toByteArray();
    }

    /** What the writer wrote before: the mapper's bytes of each entry, and a newline. */
    private static byte[] mapperWritten(List<ManifestEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ManifestEntry e : entries) {
            out.write(MAPPER_WRITER.writeValueAsBytes(e));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static List<ManifestEntry> readAll(byte[] bytes) throws IOException {
        List<ManifestEntry> out = new ArrayList<>();
        try (ManifestReader r = new ManifestReader(new ByteArrayInputStream(bytes), "m")) {
            for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<ManifestEntry> mapperRead(byte[] bytes) throws IOException {
        List<ManifestEntry> out = new ArrayList<>();
        for (Object o : mapperOutcome(bytes)) {
            out.add((ManifestEntry) o);
        }
        return out;
    }

    /** The entry of a line the writer writes, by the streaming path alone (no fallback to the mapper). */
    private static ManifestEntry fastRead(byte[] line) throws IOException {
        try (JsonParser p = ManifestCodec.FACTORY.createParser(line)) {
            return ManifestCodec.read(p);
        }
    }

    /** The entries read, then the message of the error that ended the reading, if one did. */
    private static List<Object> outcome(byte[] bytes) {
        List<Object> out = new ArrayList<>();
        try (ManifestReader r = new ManifestReader(new ByteArrayInputStream(bytes), "m")) {
            for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        } catch (IOException | RuntimeException e) {
            out.add(e.getClass().getName() + ": " + e.getMessage());
        }
        return out;
    }

    /** {@link #outcome} of the reader as it was: each line of a {@link BufferedReader} bound by the mapper. */
    private static List<Object> mapperOutcome(byte[] bytes) {
        List<Object> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8), 1 << 16)) {
            int line = 0;
            for (String s = in.readLine(); s != null; s = in.readLine()) {
                line++;
                ManifestEntry e;
                try {
                    e = MAPPER_READER.readValue(s);
                } catch (IOException ex) {
                    throw new IOException("manifest m line " + line + " is not a valid entry: " + ex.getMessage(), ex);
                }
                if (e == null) {
                    break; // a line 'null' looked like the end to the reader's callers
                }
                out.add(e);
            }
        } catch (IOException | RuntimeException e) {
            out.add(e.getClass().getName() + ": " + e.getMessage());
        }
        return out;
    }
}
