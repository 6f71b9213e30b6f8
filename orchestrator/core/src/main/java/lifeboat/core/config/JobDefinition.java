package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import lifeboat.core.model.Level;
import lifeboat.core.model.VerifyMode;
import org.quartz.CronExpression;

/**
 * One validated job from a schedule file.
 *
 * @param file the schedule file it came from, for messages
 * @param line its line in that file
 * @param level backup level (backup only)
 * @param mode verify mode (verify only)
 * @param verify whether a backup job verifies each new backup in full right after it
 * @param sources the configured source names it covers, already resolved from names, tags and "*"
 * @param cron a Quartz cron expression, seconds first, evaluated in {@code zone}
 * @param from the copy's source target (copy only)
 * @param to the copy's destination target (copy only)
 * @param budget how much a rolling verify re-reads per source and run: a size or a percentage (rolling only)
 */
public record JobDefinition(String file, int line, String name, JobAction action, Level level, VerifyMode mode,
        boolean verify, List<String> sources, String cron, ZoneId zone, String from, String to, String budget) {
    public JobDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(action, "action is null");
        requireNonNull(cron, "cron is null");
        requireNonNull(zone, "zone is null");
        sources = List.copyOf(sources);
    }

    /** The next {@code n} fire times after {@code after}, computed from the cron and zone alone. */
    public List<Instant> nextFireTimes(Instant after, int n) {
        CronExpression c = cronExpression();
        List<Instant> out = new ArrayList<>();
        Date t = Date.from(after);
        for (int i = 0; i < n; i++) {
            t = c.getNextValidTimeAfter(t);
            if (t == null) {
                break;
            }
            out.add(t.toInstant());
        }
        return out;
    }

    public CronExpression cronExpression() {
        try {
            CronExpression c = new CronExpression(cron);
            c.setTimeZone(TimeZone.getTimeZone(zone));
            return c;
        } catch (ParseException e) {
            throw new IllegalStateException("validated cron no longer parses: " + cron, e);
        }
    }

    /**
     * A digest of everything that changes what the job does or when (not where it is written), so the daemon
     * replaces a stored job only when its definition changed and otherwise keeps its trigger and misfire state.
     */
    public String fingerprint() {
        String canonical = String.join("\u0000", name, action.label(), String.valueOf(level), String.valueOf(mode),
                String.valueOf(verify), String.join(",", sources), cron, zone.getId(), String.valueOf(from),
                String.valueOf(to));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
