package lifeboat.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
    private Locale before;

    @BeforeEach
    void remember() {
        before = Locale.getDefault(Locale.Category.FORMAT);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en-US", "de-DE", "fr-CH", "ar-EG", "th-TH-u-nu-thai"})
    void text_isTheExactQuotientRoundedHalfUp_asFormatWritesIt_inTheDefaultLocale(String tag) {
        Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag(tag));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 60_000; i++) {
            long n = i < 20_000 ? i * 97L : random.nextLong() >>> random.nextInt(1, 63);
            assertThat(Sizes.text(n)).as("%d in %s", n, tag).isEqualTo(formatted(n));
        }
        for (int shift = 10; shift < 63; shift += 10) {
            for (long whole : new long[] {1, 7, 1023}) {
                for (long tenth = 0; tenth < 10; tenth++) {
                    // halfway between two tenths (exact for .25 and .75), and one byte either side
                    long n = (whole << shift) + ((2 * tenth + 1) << shift) / 20;
                    for (long m : new long[] {n - 1, n, n + 1}) {
                        if (m >= 1024 && m > 0) {
                            assertThat(Sizes.text(m)).as("%d in %s", m, tag).isEqualTo(formatted(m));
                        }
                    }
                }
            }
        }
        for (long n : new long[] {0, 1, 1023, 1024, Long.MAX_VALUE / 10, Long.MAX_VALUE / 10 + 1, Long.MAX_VALUE}) {
            assertThat(Sizes.text(n)).as("%d in %s", n, tag).isEqualTo(formatted(n));
        }
    }

    private static String formatted(long n) {
        if (n < 1024) {
            return n + " B";
        }
        int u = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format("%.1f %siB", new BigDecimal(n).divide(BigDecimal.valueOf(1L << (u * 10))),
                "KMGTPE".charAt(u - 1));
    }
}
