package lifeboat.core.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.core.config.RetentionPolicy;
import lifeboat.core.prune.RetentionRules.Dated;
import org.junit.jupiter.api.Test;

class RetentionRulesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** One backup a night at 01:00 Berlin time, every day of 2025: ids are the dates. */
    private static List<Dated> nightlyYear() {
        List<Dated> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
            out.add(new Dated(d.toString(), d.atTime(LocalTime.of(1, 0)).atZone(BERLIN).toInstant()));
        }
        return out;
    }

    private static RetentionPolicy policy(int last, int hourly, int daily, int weekly, int monthly, int yearly,
            String within) {
        return new RetentionPolicy(last, hourly, daily, weekly, monthly, yearly, within);
    }

    @Test
    void gfs_overAYearOfNightlyBackups_keepsTheHandWorkedSet() {
        Map<String, List<String>> kept = RetentionRules.keep(policy(0, 0, 7, 4, 12, 3, null), nightlyYear(), BERLIN);
        // by hand: 7 newest days; the newest backup of ISO weeks 2026-W01 (Dec 29 - Jan 4: Dec 31), 2025-W52 (Dec
        // 28), W51 (Dec 21), W50 (Dec 14); the last day of each of the 12 months; the year 2025 (Dec 31); yearly
        // wants 3 years but there is one, so (as restic does) the oldest backup is kept as well
        assertThat(kept.keySet()).containsExactly(
                "2025-12-31", "2025-12-30", "2025-12-29", "2025-12-28", "2025-12-27", "2025-12-26", "2025-12-25",
                "2025-12-21", "2025-12-14", "2025-11-30", "2025-10-31", "2025-09-30", "2025-08-31", "2025-07-31",
                "2025-06-30", "2025-05-31", "2025-04-30", "2025-03-31", "2025-02-28", "2025-01-31", "2025-01-01");
        assertThat(kept.get("2025-12-31")).containsExactly("keepDaily 2025-12-31", "keepWeekly 2026-W01",
                "keepMonthly 2025-12", "keepYearly 2025");
        assertThat(kept.get("2025-12-28")).containsExactly("keepDaily 2025-12-28", "keepWeekly 2025-W52");
        assertThat(kept.get("2025-02-28")).containsExactly("keepMonthly 2025-02");
        assertThat(kept.get("2025-01-01")).singleElement().asString().startsWith("keepYearly (oldest");
    }

    @Test
    void keepLast_andKeepWithin_countFromTheNewestBackup() {
        Map<String, List<String>> kept = RetentionRules.keep(policy(3, 0, 0, 0, 0, 0, "1m2d"), nightlyYear(), BERLIN);
        // within 1 month 2 days of Dec 31 01:00: after Nov 28 01:00 (Dec 31 - 1 month = Nov 30, - 2 days), so
        // Nov 29 .. Dec 31 (33 backups); Nov 28 01:00 itself is not after it
        assertThat(kept).hasSize(33).containsKeys("2025-11-29", "2025-12-31").doesNotContainKey("2025-11-28");
        assertThat(kept.get("2025-12-29")).containsExactly("keepLast 3", "keepWithin 1m2d");
        assertThat(kept.get("2025-12-01")).containsExactly("keepWithin 1m2d");
    }

    @Test
    void calendarPeriods_areCountedInTheSourcesTimeZone() {
        // 23:30 UTC is already the next day in Berlin
        List<Dated> three = List.of(new Dated("a", Instant.parse("2025-03-01T10:00:00Z")),
                new Dated("b", Instant.parse("2025-03-01T12:00:00Z")),
                new Dated("c", Instant.parse("2025-03-01T23:30:00Z")));
        RetentionPolicy twoDays = policy(0, 0, 2, 0, 0, 0, null);
        assertThat(RetentionRules.keep(twoDays, three, BERLIN).keySet()).containsExactly("c", "b");
        // in UTC all three fall on one day: the newest, then the oldest because only one day has backups
        assertThat(RetentionRules.keep(twoDays, three, ZoneId.of("UTC")).keySet()).containsExactly("c", "a");
    }

    @Test
    void hourlyRule_keepsTheNewestOfEachHour() {
        List<Dated> backups = List.of(new Dated("h1a", Instant.parse("2025-03-01T10:05:00Z")),
                new Dated("h1b", Instant.parse("2025-03-01T10:55:00Z")),
                new Dated("h2", Instant.parse("2025-03-01T11:10:00Z")),
                new Dated("h3", Instant.parse("2025-03-01T12:10:00Z")));
        assertThat(RetentionRules.keep(policy(0, 2, 0, 0, 0, 0, null), backups, ZoneId.of("UTC")).keySet())
                .containsExactly("h3", "h2");
    }

    @Test
    void aPolicyWithoutRules_keepsNothing() {
        assertThat(policy(0, 0, 0, 0, 0, 0, null).keepsNothing()).isTrue();
        assertThat(policy(0, 0, 0, 0, 0, 0, "0d").keepsNothing()).isTrue();
        assertThat(policy(0, 0, 0, 0, 0, 1, null).keepsNothing()).isFalse();
        assertThat(RetentionRules.keep(policy(0, 0, 0, 0, 0, 0, null), nightlyYear(), BERLIN)).isEmpty();
    }
}
