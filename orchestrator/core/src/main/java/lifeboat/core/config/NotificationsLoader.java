package lifeboat.core.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lifeboat.core.config.NotificationsConfig.ChannelConfig;
import lifeboat.core.config.NotificationsConfig.RuleConfig;
import lifeboat.core.config.PluginTypes.Kind;
import lifeboat.core.model.EventType;
import lifeboat.spi.Severity;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code notifications}: the channels (each a channel plugin type), the rules routing events to them, the
 * digest's time and the reminder, expiry, check and free-space limits.
 */
final class NotificationsLoader {
    private static final Set<String> KEYS = Set.of("channels", "rules", "repeatAfter", "expireAfter", "checkEvery",
            "digest", "minFreeSpace");
    private static final Set<String> RULE_KEYS = Set.of("events", "severities", "sources", "channels");
    private static final Set<String> SEVERITIES = Set.of("error", "warning", "info");

    private NotificationsLoader() {
    }

    /** {@code sources} and {@code targets} are the names a rule may select by. */
    static NotificationsConfig load(LoadContext c, PluginTypes plugins, Node node, Set<String> sources,
            Set<String> targets) {
        YamlNodes y = c.y();
        var dflt = NotificationsConfig.NONE;
        Map<String, Node> n = y.mapping("notifications", node, KEYS);
        List<ChannelConfig> channels = n.containsKey("channels")
                ? y.named("notifications.channels", n.get("channels"), "channel",
                        (path, item) -> PluginEntry.plain(c, plugins, Kind.CHANNEL, path, item, ChannelConfig::new),
                        ChannelConfig::name)
                : List.of();
        Set<String> channelNames = channels.stream().map(ChannelConfig::name).collect(Collectors.toSet());
        List<Node> items = n.containsKey("rules") ? y.sequence("notifications.rules", n.get("rules")) : List.of();
        List<RuleConfig> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rules.add(rule(y, "notifications.rules[" + i + "]", items.get(i), sources, targets, channelNames));
        }
        String cron = dflt.digestCron();
        ZoneId zone = dflt.zone();
        if (n.containsKey("digest")) {
            Map<String, Node> d = y.mapping("notifications.digest", n.get("digest"), Set.of("cron", "timezone"));
            cron = cron(y, d.get("cron"), cron);
            zone = zone(y, d.get("timezone"), zone);
        }
        long minFree = n.containsKey("minFreeSpace") ? minFree(y, n.get("minFreeSpace")) : dflt.minFreeBytes();
        return new NotificationsConfig(channels, rules,
                positive(y, "notifications.repeatAfter", n.get("repeatAfter"), dflt.repeatAfter()),
                positive(y, "notifications.expireAfter", n.get("expireAfter"), dflt.expireAfter()),
                positive(y, "notifications.checkEvery", n.get("checkEvery"), dflt.checkEvery()), cron, zone, minFree);
    }

    private static RuleConfig rule(YamlNodes y, String path, Node node, Set<String> sourceNames, Set<String> targetNames,
            Set<String> channelNames) {
        Map<String, Node> r = y.mapping(path, node, RULE_KEYS);
        List<String> events = r.containsKey("events") ? y.scalarList(path + ".events", r.get("events")) : List.of();
        if (events.isEmpty()) {
            y.problem(path + ".events", r.getOrDefault("events", node), "list the event types this rule"
                    + " sends, or \"*\" for all (" + String.join(", ", EventType.labels()) + ")");
        }
        for (String e : events) {
            if (!e.equals("*") && EventType.of(e).isEmpty()) {
                y.problem(path + ".events", r.get("events"), "unknown event type '" + e + "' (known: "
                        + String.join(", ", EventType.labels()) + ")");
            }
        }
        List<Severity> severities = new ArrayList<>();
        for (String s : r.containsKey("severities") ? y.scalarList(path + ".severities", r.get("severities"))
                : List.<String>of()) {
            if (!SEVERITIES.contains(s)) {
                y.problem(path + ".severities", r.get("severities"), "unknown severity '" + s
                        + "' (known: error, warning, info)");
            } else {
                severities.add(Severity.of(s));
            }
        }
        List<String> sources = r.containsKey("sources") ? y.scalarList(path + ".sources", r.get("sources")) : List.of();
        for (String s : sources) {
            if (!sourceNames.contains(s) && !targetNames.contains(s)) {
                y.problem(path + ".sources", r.get("sources"), "'" + s + "' is neither a source nor a storage target");
            }
        }
        List<String> to = r.containsKey("channels") ? y.scalarList(path + ".channels", r.get("channels")) : List.of();
        if (to.isEmpty()) {
            y.problem(path + ".channels", r.getOrDefault("channels", node), "list at least one channel");
        }
        for (String ch : to) {
            if (!channelNames.contains(ch)) {
                y.problem(path + ".channels", r.get("channels"), "channel '" + ch
                        + "' is not defined under notifications.channels");
            }
        }
        return new RuleConfig(events, severities, sources, to);
    }

    private static String cron(YamlNodes y, Node node, String dflt) {
        String c = node == null ? null : y.scalar("notifications.digest.cron", node);
        if (c != null && !CronExpression.isValidExpression(c)) {
            y.problem("notifications.digest.cron", node, "'" + c + "' is not a Quartz cron expression"
                    + " (seconds first, e.g. \"0 0 7 * * ?\" for 07:00 every day)");
            return dflt;
        }
        return c == null ? dflt : c;
    }

    private static ZoneId zone(YamlNodes y, Node node, ZoneId dflt) {
        if (node == null) {
            return dflt;
        }
        String z = y.scalar("notifications.digest.timezone", node);
        try {
            return z == null ? dflt : ZoneId.of(z);
        } catch (DateTimeException e) {
            y.problem("notifications.digest.timezone", node, "unknown time zone '" + z + "'");
            return dflt;
        }
    }

    private static long minFree(YamlNodes y, Node node) {
        String v = y.scalar("notifications.minFreeSpace", node);
        try {
            if (v == null || v.trim().endsWith("%")) { // a target's total size is unknown: no percentages
                throw new IllegalArgumentException(v);
            }
            return Budget.bytes(v, 0);
        } catch (IllegalArgumentException e) {
            y.problem("notifications.minFreeSpace", node, "expected a size such as 10GiB or 500MB");
            return NotificationsConfig.DEFAULT_MIN_FREE;
        }
    }

    private static Duration positive(YamlNodes y, String path, Node node, Duration dflt) {
        Duration d = y.duration(path, node, dflt);
        if (d.isZero() || d.isNegative()) {
            y.problem(path, node, "must be longer than zero");
            return dflt;
        }
        return d;
    }
}
