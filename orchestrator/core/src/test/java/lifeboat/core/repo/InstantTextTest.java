package lifeboat.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast timestamp text against {@link DateTimeFormatter#ISO_INSTANT}, which Jackson uses and used before. */
class InstantTextTest {
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z", "1970-01-01T00:00:00.100Z",
        "1969-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "1600-02-29T12:00:00.5Z",
        "2000-02-29T23:59:59.000001Z", "2100-03-01T00:00:00Z", "2026-11-28T01:00:00.123456789Z",
        "2026-11-28T01:00:00.123456Z", "2026-11-28T01:00:00.120Z", "0000-01-01T00:00:00Z", "0000-02-29T00:00:00Z",
        "0001-01-01T00:00:00.000000001Z", "9999-12-31T23:59:59.999999999Z", "2038-01-19T03:14:08Z"})
    void formatsAndParsesAsTheFormatter(String text) {
        Instant t = Instant.parse(text);
        assertFormatsAsFormatter(t);
        assertThat(InstantText.parse(text.toCharArray(), 0, text.length())).isEqualTo(t);
    }

    @Test
    void randomInstantsOverTheWholeRangeRoundTrip() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long s = r.nextLong(FIRST, LAST + 1);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(s, nano);
            String text = assertFormatsAsFormatter(t);
            assertThat(InstantText.parse(text.toCharArray(), 0, text.length())).isEqualTo(t);
        }
    }

    @Test
    void everyDayOfFourHundredYearsAroundTheEpoch() {
        for (long day = -200 * 366; day < 200 * 366; day++) {
            Instant t = Instant.ofEpochSecond(day * 86_400 + 86_399, 7);
            String text = assertFormatsAsFormatter(t);
            assertThat(InstantText.parse(text.toCharArray(), 0, text.length())).isEqualTo(t);
        }
    }

    @Test
    void yearsOutsideFourDigitsAreLeftToTheFormatter() {
        char[] out = new char[InstantText.MAX_LENGTH];
        assertThat(InstantText.format(Instant.ofEpochSecond(FIRST - 1), out)).isEqualTo(-1);
        assertThat(InstantText.format(Instant.ofEpochSecond(LAST + 1), out)).isEqualTo(-1);
        assertThat(InstantText.format(Instant.MIN, out)).isEqualTo(-1);
        assertThat(InstantText.format(Instant.MAX, out)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-28T01:00:00", "2026-11-28T01:00:00z", "2026-11-28t01:00:00Z",
        "2026-11-28T01:00:00+00:00", "2026-11-28T01:00:00.Z", "2026-11-28T01:00:00.1234567890Z", "2026-11-28T01:00Z",
        "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z",
        "2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z", "2016-12-31T23:59:60Z", "2026-11-28T01:00:00,5Z",
        "2026-1a-28T01:00:00Z", "2026-11-28T01:00:0\u0665Z", " 2026-11-28T01:00:00Z", "2026-11-28 01:00:00Z"})
    void anyOtherFormIsLeftToTheFormatter(String text) {
        assertThat(InstantText.parse(text.toCharArray(), 0, text.length())).isNull();
    }

    @Test
    void parsesWithinALargerBuffer() {
        String s = "xx\"1969-07-20T20:17:40.5Z\"yy";
        assertThat(InstantText.parse(s.toCharArray(), 3, 22)).isEqualTo(Instant.parse("1969-07-20T20:17:40.500Z"));
    }

    @Test
    void takesEveryFractionLengthTheFormatterTakes() {
        for (int digits = 1; digits <= 9; digits++) {
            String text = "2026-11-28T01:00:00." + "987654321".substring(0, digits) + "Z";
            assertThat(InstantText.parse(text.toCharArray(), 0, text.length()))
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from));
        }
    }

    private static String assertFormatsAsFormatter(Instant t) {
        char[] out = new char[InstantText.MAX_LENGTH];
        int n = InstantText.format(t, out);
        String expected = DateTimeFormatter.ISO_INSTANT.format(t);
        assertThat(n).as("%s", expected).isPositive();
        assertThat(new String(out, 0, n)).isEqualTo(expected);
        try {
            assertThat(DateTimeFormatter.ISO_INSTANT.parse(expected, Instant::from)).isEqualTo(t);
        } catch (DateTimeParseException e) {
            throw new AssertionError(expected, e);
        }
        return expected;
    }
}
