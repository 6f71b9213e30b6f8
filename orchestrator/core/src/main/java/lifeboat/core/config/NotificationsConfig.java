package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lifeboat.spi.Settings;
import lifeboat.spi.Severity;

/**
 * {@code notifications}: where messages go and which go where.
 *
 * @param repeatAfter how long the same open problem stays quiet before a reminder with its count is sent
 * @param expireAfter how long an undelivered message is retried before it is given up (and shown as expired)
 * @param checkEvery how often the daemon checks staleness and storage space
 * @param digestCron when the daemon sends the daily digest (Quartz cron, seconds first), in {@code zone}
 * @param minFreeBytes a storage target with less free space raises {@code storage-low}
 */
public record NotificationsConfig(List<ChannelConfig> channels, List<RuleConfig> rules, Duration repeatAfter,
        Duration expireAfter, Duration checkEvery, String digestCron, ZoneId zone, long minFreeBytes) {
    public static final Duration DEFAULT_REPEAT = Duration.ofHours(24);
    public static final Duration DEFAULT_EXPIRE = Duration.ofDays(3);
    public static final Duration DEFAULT_CHECK = Duration.ofMinutes(15);
    public static final String DEFAULT_DIGEST_CRON = "0 0 7 * * ?";
    public static final long DEFAULT_MIN_FREE = 10L << 30;

    public static final NotificationsConfig NONE = new NotificationsConfig(List.of(), List.of(), DEFAULT_REPEAT,
            DEFAULT_EXPIRE, DEFAULT_CHECK, DEFAULT_DIGEST_CRON, ZoneId.systemDefault(), DEFAULT_MIN_FREE);

    public NotificationsConfig {
        channels = List.copyOf(channels);
        rules = List.copyOf(rules);
        requireNonNull(repeatAfter, "repeatAfter is null");
        requireNonNull(expireAfter, "expireAfter is null");
        requireNonNull(checkEvery, "checkEvery is null");
        requireNonNull(digestCron, "digestCron is null");
        requireNonNull(zone, "zone is null");
    }

    /** The channels the rules send an event of this type, severity and source to, each once, in rule order. */
    public List<String> channelsFor(String type, Severity severity, String source) {
        Set<String> out = new LinkedHashSet<>();
        rules.stream().filter(r -> r.matches(type, severity, source)).forEach(r -> out.addAll(r.channels()));
        return List.copyOf(out);
    }

    /** A configured channel: its plugin type and validated properties. */
    public record ChannelConfig(String name, String type, Settings settings) {
        public ChannelConfig {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(settings, "settings is null");
        }
    }

    /**
     * A routing rule: events of these types ("*" for all), optionally only of these severities and sources, go to
     * these channels.
     */
    public record RuleConfig(List<String> events, List<Severity> severities, List<String> sources,
            List<String> channels) {
        public RuleConfig {
            events = List.copyOf(events);
            severities = List.copyOf(severities);
            sources = List.copyOf(sources);
            channels = List.copyOf(channels);
        }

        public boolean matches(String type, Severity severity, String source) {
            return (events.contains("*") || events.contains(type))
                    && (severities.isEmpty() || severities.contains(severity))
                    && (sources.isEmpty() || (source != null && sources.contains(source)));
        }
    }
}
