package lifeboat.core.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times and sizes read in messages to people. */
final class Texts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private Texts() {
    }

    static String time(Instant at, ZoneId zone) {
        return at == null ? "-" : TIME.format(at.atZone(zone));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int u = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format("%.1f %siB", n / (double) (1L << (u * 10)), units.charAt(u - 1));
    }
}
