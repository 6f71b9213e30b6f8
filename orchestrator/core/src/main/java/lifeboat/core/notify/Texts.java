package lifeboat.core.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times read in messages to people. */
final class Texts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private Texts() {
    }

    static String time(Instant at, ZoneId zone) {
        return at == null ? "-" : TIME.format(at.atZone(zone));
    }
}
