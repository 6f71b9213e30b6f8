package lifeboat.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rolling-verify budget as people write it: {@code 500MB}, {@code 20GiB}, {@code 1TB}, or a percentage of a total. */
public final class Budget {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(I?B?)", Pattern.CASE_INSENSITIVE);

    private Budget() {
    }

    /** The budget in bytes; a percentage is of {@code total}. */
    public static long bytes(String text, long total) {
        String t = text.trim();
        if (t.endsWith("%")) {
            double pct;
            try {
                pct = Double.parseDouble(t.substring(0, t.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("budget '" + text + "' is not a percentage such as 5%");
            }
            if (pct <= 0 || pct > 100) {
                throw new IllegalArgumentException("budget " + text + " must be above 0% and at most 100%");
            }
            return (long) Math.ceil(total * pct / 100.0);
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("budget '" + text + "' is not a size (20GiB, 500MB) or a percentage (5%)");
        }
        double n = Double.parseDouble(m.group(1));
        boolean binary = m.group(3).toUpperCase(Locale.ROOT).startsWith("I");
        int power = " KMGT".indexOf(m.group(2).isEmpty() ? ' ' : Character.toUpperCase(m.group(2).charAt(0)));
        return (long) (n * Math.pow(binary ? 1024 : 1000, power));
    }
}
