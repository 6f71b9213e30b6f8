package lifeboat.core.config;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One set of keep rules, with restic's {@code forget} meanings: {@code keepLast} keeps the newest n backups; each of
 * {@code keepHourly ... keepYearly} keeps the newest backup of each of the n newest calendar periods that have one
 * (in the source's time zone; weeks are ISO weeks, Monday first); {@code keepWithin} keeps every backup started
 * within that long of the newest one. A backup is kept when any rule keeps it. A rule that is absent or 0 keeps
 * nothing.
 *
 * @param keepWithin restic's form, years, months, days and hours: {@code 1y6m}, {@code 14d}, {@code 2d12h}; or null
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly,
        int keepYearly, String keepWithin) {
    private static final Pattern WITHIN = Pattern.compile("(?:(\\d+)y)?(?:(\\d+)m)?(?:(\\d+)d)?(?:(\\d+)h)?");

    /** The rule names as written in lifeboat.yaml. */
    public static final List<String> KEYS = List.of("keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly",
            "keepYearly", "keepWithin");

    public RetentionPolicy {
        for (int n : new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
            if (n < 0) {
                throw new IllegalArgumentException("a keep count cannot be negative");
            }
        }
        if (keepWithin != null) {
            requireWithin(keepWithin);
        }
    }

    /** Whether no rule would keep any backup (such a policy is refused: it would remove everything). */
    public boolean keepsNothing() {
        return keepLast == 0 && keepHourly == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0
                && keepYearly == 0 && (keepWithin == null || withinIsZero(keepWithin));
    }

    /** The instant {@code keepWithin} before {@code newest}, counted in calendar units in {@code zone}. */
    public Instant withinStart(Instant newest, ZoneId zone) {
        Matcher m = requireWithin(keepWithin);
        return newest.atZone(zone).minusYears(num(m, 1)).minusMonths(num(m, 2)).minusDays(num(m, 3))
                .minusHours(num(m, 4)).toInstant();
    }

    /** As written in lifeboat.yaml: {@code keepDaily 14, keepMonthly 12}. */
    public String describe() {
        List<String> out = new ArrayList<>();
        int[] counts = {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.add(KEYS.get(i) + " " + counts[i]);
            }
        }
        if (keepWithin != null) {
            out.add("keepWithin " + keepWithin);
        }
        return out.isEmpty() ? "nothing" : String.join(", ", out);
    }

    private static Matcher requireWithin(String text) {
        Matcher m = WITHIN.matcher(text.trim());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("keepWithin '" + text + "' is not a restic duration (years, months,"
                    + " days, hours: 1y6m, 14d, 2d12h)");
        }
        return m;
    }

    private static boolean withinIsZero(String text) {
        Matcher m = requireWithin(text);
        return num(m, 1) + num(m, 2) + num(m, 3) + num(m, 4) == 0;
    }

    private static long num(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
