package lifeboat.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}) and read them. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim();
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 90s, 30m, 24h, 7d)");
        }
    }

    /** In words: {@code 45 min}, {@code 2 h 59 min}, {@code 3 days 4 h}. */
    public static String text(Duration d) {
        long m = d.toMinutes();
        if (m < 60) {
            return m + " min";
        }
        long h = m / 60;
        if (h < 48) {
            return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
        }
        return h / 24 + " days" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }
}
