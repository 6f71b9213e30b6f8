package lifeboat.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import lifeboat.core.config.Durations;

/** An expected time as IT types it: an ISO instant or local date-time, a time of day, or a duration from now. */
final class EtaText {
    private EtaText() {
    }

    /** {@code text} as an instant; a time of day already past today means tomorrow. */
    static Instant parse(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // not an instant
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a local date-time
        }
        try {
            LocalTime time = LocalTime.parse(t);
            ZonedDateTime today = ZonedDateTime.of(LocalDate.ofInstant(now, zone), time, zone);
            return today.toInstant().isBefore(now) ? today.plusDays(1).toInstant() : today.toInstant();
        } catch (DateTimeParseException ignored) {
            // not a time of day
        }
        try {
            Duration d = Durations.parse(t);
            return now.plus(d);
        } catch (RuntimeException ignored) {
            // not a duration either
        }
        throw new IllegalArgumentException("cannot read the expected time '" + text + "': give auto, an ISO time"
                + " (2026-11-30T14:30:00Z or 2026-11-30T14:30), a time of day (14:30) or a duration from now (2h)");
    }
}
