package lifeboat.core.prune;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lifeboat.core.config.RetentionPolicy;

/**
 * restic's {@code forget} policy over backups of one source on one target, as a pure function: which backups the
 * rules keep, each with the rules that keep it. Newest first, {@code keepLast} keeps the first n; each calendar rule
 * walks the backups newest first and keeps the first backup of each new period (hour, day, ISO week, month, year in
 * the source's time zone) until it has kept n; {@code keepWithin} keeps every backup started within that long of the
 * newest backup. As restic does, a calendar rule that runs out of backups before it has kept n keeps the oldest
 * backup as well. A backup is kept when any rule keeps it; the rest may be removed.
 */
public final class RetentionRules {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00");

    private RetentionRules() {
    }

    /** A backup as the rules see it: its id and when it started. */
    public record Dated(String id, Instant startedAt) {
    }

    /** One calendar rule: its name, how many periods it keeps, and the period a time falls in. */
    private record Bucket(String rule, int count, Function<ZonedDateTime, String> period) {
    }

    /** The backups the policy keeps, by id, with the reasons ({@code keepDaily 2026-11-28}); newest first. */
    public static Map<String, List<String>> keep(RetentionPolicy policy, List<Dated> backups, ZoneId zone) {
        List<Dated> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(Dated::startedAt).thenComparing(Dated::id).reversed());
        Map<String, List<String>> kept = new LinkedHashMap<>();
        if (newestFirst.isEmpty()) {
            return kept;
        }
        for (int i = 0; i < Math.min(policy.keepLast(), newestFirst.size()); i++) {
            add(kept, newestFirst.get(i).id(), "keepLast " + policy.keepLast());
        }
        List<Bucket> buckets = List.of(
                new Bucket("keepHourly", policy.keepHourly(), t -> HOUR.format(t)),
                new Bucket("keepDaily", policy.keepDaily(), t -> t.toLocalDate().toString()),
                new Bucket("keepWeekly", policy.keepWeekly(), t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                        + String.format("%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
                new Bucket("keepMonthly", policy.keepMonthly(), t -> String.format("%04d-%02d", t.getYear(),
                        t.getMonthValue())),
                new Bucket("keepYearly", policy.keepYearly(), t -> String.valueOf(t.getYear())));
        for (Bucket b : buckets) {
            int left = b.count();
            String last = null;
            for (Dated d : newestFirst) {
                if (left == 0) {
                    break;
                }
                String period = b.period().apply(d.startedAt().atZone(zone));
                if (!period.equals(last)) {
                    add(kept, d.id(), b.rule() + " " + period);
                    left--;
                    last = period;
                }
            }
            if (b.count() > 0 && left > 0) {
                Dated oldest = newestFirst.get(newestFirst.size() - 1);
                if (!kept.containsKey(oldest.id())) {
                    add(kept, oldest.id(), b.rule() + " (oldest: fewer periods than " + b.count() + ")");
                }
            }
        }
        if (policy.keepWithin() != null) {
            Instant from = policy.withinStart(newestFirst.get(0).startedAt(), zone);
            for (Dated d : newestFirst) {
                if (d.startedAt().isAfter(from)) {
                    add(kept, d.id(), "keepWithin " + policy.keepWithin());
                }
            }
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (Dated d : newestFirst) {
            if (kept.containsKey(d.id())) {
                ordered.put(d.id(), kept.get(d.id()));
            }
        }
        return ordered;
    }

    private static void add(Map<String, List<String>> kept, String id, String reason) {
        kept.computeIfAbsent(id, k -> new ArrayList<>()).add(reason);
    }
}
