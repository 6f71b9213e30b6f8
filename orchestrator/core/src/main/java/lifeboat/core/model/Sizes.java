package lifeboat.core.model;

import java.math.BigDecimal;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Byte counts as people read them: {@code 512 B}, {@code 1.4 KiB}, {@code 120.3 GiB}. */
public final class Sizes {
    private static final String UNITS = "KMGTPE";

    private Sizes() {
    }

    /** One decimal, the exact quotient rounded half up, in the default locale (as {@code %.1f} of a BigDecimal). */
    public static String text(long n) {
        if (n < 1024) {
            return n + " B";
        }
        int u = (63 - Long.numberOfLeadingZeros(n)) / 10;
        Symbols s = Symbols.current();
        if (!s.ascii() || n > Long.MAX_VALUE / 10) {
            return String.format("%.1f %siB", exact(n, u * 10), UNITS.charAt(u - 1));
        }
        // a listing of 50,000 backups spent a tenth of its time in Formatter (README "Performance")
        int shift = u * 10;
        long tenths = (n * 10 + (1L << (shift - 1))) >>> shift;
        return (tenths / 10) + s.separator() + (char) ('0' + tenths % 10) + " " + UNITS.charAt(u - 1) + "iB";
    }

    private static BigDecimal exact(long n, int shift) {
        return new BigDecimal(n).divide(BigDecimal.valueOf(2).pow(shift));
    }

    /** The default format locale's decimal separator, and whether it writes the digits 0-9. */
    private record Symbols(Locale locale, boolean ascii, String separator) {
        private static volatile Symbols current;

        static Symbols current() {
            Locale l = Locale.getDefault(Locale.Category.FORMAT);
            Symbols s = current;
            if (s == null || !s.locale.equals(l)) {
                DecimalFormatSymbols d = DecimalFormatSymbols.getInstance(l);
                s = new Symbols(l, d.getZeroDigit() == '0', String.valueOf(d.getDecimalSeparator()));
                current = s;
            }
            return s;
        }
    }
}
