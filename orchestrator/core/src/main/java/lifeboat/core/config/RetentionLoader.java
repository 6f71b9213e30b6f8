package lifeboat.core.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a {@code retention} block (top level or a source's) and a {@code timeZone}. A block whose rules would keep
 * nothing is refused by name: a typo must not empty a repository.
 */
final class RetentionLoader {
    private static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(RetentionPolicy.KEYS);
        keys.add("targets");
        KEYS = Set.copyOf(keys);
    }

    private RetentionLoader() {
    }

    /** The retention at {@code path}; {@code targets} are the storage target names it may give rules for. */
    static Retention read(YamlNodes y, String path, Node node, Set<String> targets) {
        Map<String, Node> m = y.mapping(path, node, KEYS);
        boolean hasRules = RetentionPolicy.KEYS.stream().anyMatch(m::containsKey);
        RetentionPolicy rules = hasRules || !m.containsKey("targets") ? policy(y, path, node, m) : null;
        Map<String, RetentionPolicy> byTarget = new LinkedHashMap<>();
        if (m.containsKey("targets")) {
            Map<String, Node> t = y.mapping(path + ".targets", m.get("targets"), null);
            t.forEach((name, n) -> {
                String p = path + ".targets." + name;
                if (!targets.contains(name)) {
                    y.problem(p, n, "storage target '" + name + "' is not defined under 'storage'");
                    return;
                }
                RetentionPolicy r = policy(y, p, n, y.mapping(p, n, Set.copyOf(RetentionPolicy.KEYS)));
                if (r != null) {
                    byTarget.put(name, r);
                }
            });
        }
        return new Retention(rules, byTarget);
    }

    private static RetentionPolicy policy(YamlNodes y, String path, Node node, Map<String, Node> m) {
        int before = y.problemCount();
        Map<String, Integer> counts = new HashMap<>();
        for (String k : RetentionPolicy.KEYS.subList(0, 6)) {
            if (m.containsKey(k)) {
                Long v = y.integer(path + "." + k, m.get(k));
                if (v != null && (v < 0 || v > Integer.MAX_VALUE)) {
                    y.problem(path + "." + k, m.get(k), k + " must be 0 or more, got " + v);
                } else if (v != null) {
                    counts.put(k, v.intValue());
                }
            }
        }
        String within = m.containsKey("keepWithin") ? y.scalar(path + ".keepWithin", m.get("keepWithin")) : null;
        if (y.problemCount() != before) {
            return null;
        }
        RetentionPolicy p;
        try {
            p = new RetentionPolicy(counts.getOrDefault("keepLast", 0), counts.getOrDefault("keepHourly", 0),
                    counts.getOrDefault("keepDaily", 0), counts.getOrDefault("keepWeekly", 0),
                    counts.getOrDefault("keepMonthly", 0), counts.getOrDefault("keepYearly", 0), within);
        } catch (IllegalArgumentException e) {
            y.problem(path + ".keepWithin", m.get("keepWithin"), e.getMessage());
            return null;
        }
        if (p.keepsNothing()) {
            y.problem(path, node, "this retention policy keeps nothing, so prune would remove every backup; set at"
                    + " least one of " + String.join(", ", RetentionPolicy.KEYS) + " above 0 (or remove it to keep"
                    + " everything)");
            return null;
        }
        return p;
    }

    /** A {@code timeZone} such as Europe/Berlin; null when absent or unknown (reported). */
    static ZoneId zone(YamlNodes y, String path, Node node) {
        if (node == null) {
            return null;
        }
        String v = y.scalar(path, node);
        if (v == null) {
            return null;
        }
        try {
            return ZoneId.of(v.trim());
        } catch (DateTimeException e) {
            y.problem(path, node, "unknown time zone '" + v + "' (use a region such as Europe/London)");
            return null;
        }
    }
}
