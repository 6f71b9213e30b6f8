package lifeboat.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times, durations and sizes read on the pages. */
public final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "never";
        }
        return duration(Duration.between(t, now)) + " ago";
    }

    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }

    public static String millis(Long ms) {
        return ms == null ? "" : duration(Duration.ofMillis(ms));
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int u = (int) (Math.log(n) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %siB", n / Math.pow(1024, u), units.charAt(u - 1));
    }
}
