package lifeboat.core.repo;

import java.time.Instant;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;

/**
 * The manifest's timestamps, {@code 2026-11-28T01:00:00.123456789Z}, exactly as {@link DateTimeFormatter#ISO_INSTANT}
 * writes them (the fraction in groups of three digits, none when zero), without its per-call allocations: a manifest
 * holds two per path, and the formatter's parse and format were a large part of an unchanged incremental's CPU.
 * Years 0000 to 9999 only; the caller falls back to the formatter (and Jackson) outside them or on any other form.
 */
final class InstantText {
    /** Longest text written by {@link #format}: seconds and nine fraction digits. */
    static final int MAX_LENGTH = 30;
    private static final long FIRST = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long LAST = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final long DAYS_0000_03_01_TO_1970 = 719_468;
    private static final int DAYS_PER_400_YEARS = 146_097;

    private InstantText() {
    }

    /** Writes {@code t} into {@code out} from 0 and returns the length, or -1 when its year is outside 0000-9999. */
    static int format(Instant t, char[] out) {
        long s = t.getEpochSecond();
        if (s < FIRST || s > LAST) {
            return -1;
        }
        long days = Math.floorDiv(s, 86_400);
        int secOfDay = (int) Math.floorMod(s, 86_400);
        // civil date from days (H. Hinnant, "chrono-compatible low-level date algorithms")
        long z = days + DAYS_0000_03_01_TO_1970;
        long era = Math.floorDiv(z, DAYS_PER_400_YEARS);
        int doe = (int) (z - era * DAYS_PER_400_YEARS);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secOfDay % 60, 2);
        int n = 19;
        int nano = t.getNano();
        if (nano > 0) {
            out[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1000 == 0) {
                digits(out, n, nano / 1000, 6);
                n += 6;
            } else {
                digits(out, n, nano, 9);
                n += 9;
            }
        }
        out[n++] = 'Z';
        return n;
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} at {@code off}, or null when the text has any other form
     * or is no valid date and time: the caller then leaves it to {@link DateTimeFormatter#ISO_INSTANT}, which also
     * takes offsets, lower case, leap seconds and more, and reports what is wrong.
     */
    static Instant parse(char[] c, int off, int len) {
        if (len < 20 || len > MAX_LENGTH || c[off + 4] != '-' || c[off + 7] != '-' || c[off + 10] != 'T'
                || c[off + 13] != ':' || c[off + 16] != ':' || c[off + len - 1] != 'Z') {
            return null;
        }
        int year = number(c, off, 4);
        int month = number(c, off + 5, 2);
        int day = number(c, off + 8, 2);
        int hour = number(c, off + 11, 2);
        int minute = number(c, off + 14, 2);
        int second = number(c, off + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (len > 20) {
            int digits = len - 21;
            if (c[off + 19] != '.' || digits < 1) {
                return null;
            }
            nano = number(c, off + 20, digits);
            if (nano < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nano *= 10;
            }
        }
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        int yoe = (int) (y - era * 400);
        int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * DAYS_PER_400_YEARS + doe - DAYS_0000_03_01_TO_1970;
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second, nano);
    }

    /** The decimal number of {@code n} ASCII digits, or -1 if any is not one. */
    private static int number(char[] c, int off, int n) {
        int v = 0;
        for (int i = off; i < off + n; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static void digits(char[] out, int off, int value, int n) {
        for (int i = off + n - 1; i >= off; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
