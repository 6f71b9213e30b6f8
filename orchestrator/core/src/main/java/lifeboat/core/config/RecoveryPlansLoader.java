package lifeboat.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.config.LifeboatConfig.RecoveryGroup;
import lifeboat.core.config.LifeboatConfig.RecoveryPlanConfig;
import lifeboat.core.config.LifeboatConfig.RecoverySource;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads {@code recoveryPlans}: per plan, groups of sources restored in priority order, each source after the ones it
 * names. Every dependency is checked here (known, in the plan, not in a later group, no cycle), so that a plan that
 * cannot run is found by check-config, not during a crash.
 */
final class RecoveryPlansLoader {
    private static final Set<String> PLAN_SOURCE_KEYS = Set.of("name", "after", "to", "toDb", "toHost", "toPort",
            "toUser", "delete", "requireTrial");

    private RecoveryPlansLoader() {
    }

    /** The plans by name; {@code sources} are the configured sources a plan may name. */
    static Map<String, RecoveryPlanConfig> load(LoadContext c, Node node, List<SourceConfig> sources) {
        Map<String, RecoveryPlanConfig> plans = new LinkedHashMap<>();
        c.y().mapping("recoveryPlans", node, null).forEach((name, planNode) ->
                plans.put(name, plan(c.y(), "recoveryPlans." + name, name, planNode, sources, c.base())));
        return plans;
    }

    private static RecoveryPlanConfig plan(YamlNodes y, String path, String name, Node node,
            List<SourceConfig> sources, Path base) {
        Map<String, Node> m = y.mapping(path, node, Set.of("parallelism", "groups", "requireTrial"));
        Boolean requireTrial = m.containsKey("requireTrial") ? y.bool(path + ".requireTrial", m.get("requireTrial")) : null;
        int parallelism = 1;
        if (m.containsKey("parallelism")) {
            Long p = y.integer(path + ".parallelism", m.get("parallelism"));
            if (p != null && p < 1) {
                y.problem(path + ".parallelism", m.get("parallelism"), "must be at least 1");
            } else if (p != null) {
                parallelism = p.intValue();
            }
        }
        Map<String, String> types = new HashMap<>();
        sources.forEach(s -> types.put(s.name(), s.type()));
        List<RecoveryGroup> groups = new ArrayList<>();
        Map<String, Integer> groupOf = new HashMap<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, String> depPath = new HashMap<>();
        Map<String, Node> depNode = new HashMap<>();
        List<Node> items = m.containsKey("groups") ? y.sequence(path + ".groups", m.get("groups")) : List.of();
        if (items.isEmpty()) {
            y.problem(path, node, "a recovery plan needs at least one group");
        }
        for (int i = 0; i < items.size(); i++) {
            String gp = path + ".groups[" + i + "]";
            Map<String, Node> g = y.mapping(gp, items.get(i), Set.of("priority", "sources", "after"));
            Long priority = g.containsKey("priority") ? y.integer(gp + ".priority", g.get("priority")) : null;
            if (priority == null && !g.containsKey("priority")) {
                y.problem(gp, items.get(i), "missing 'priority'");
            }
            int prio = priority == null ? i + 1 : priority.intValue();
            List<String> groupAfter = g.containsKey("after") ? y.scalarList(gp + ".after", g.get("after")) : List.of();
            List<RecoverySource> members = new ArrayList<>();
            List<Node> list = g.containsKey("sources") ? y.sequence(gp + ".sources", g.get("sources")) : List.of();
            for (int j = 0; j < list.size(); j++) {
                String sp = gp + ".sources[" + j + "]";
                Node sn = list.get(j);
                RecoverySource rs = planSource(y, sp, sn, types, base);
                if (rs == null) {
                    continue;
                }
                String s = rs.name();
                if (!types.containsKey(s)) {
                    y.problem(sp, sn, "source '" + s + "' is not defined under 'sources'");
                    continue;
                }
                if (groupOf.containsKey(s)) {
                    y.problem(sp, sn, "source '" + s + "' is in two groups of plan '" + name + "'");
                    continue;
                }
                groupOf.put(s, prio);
                List<String> after = new ArrayList<>(rs.after());
                groupAfter.stream().filter(a -> !after.contains(a) && !a.equals(s)).forEach(after::add);
                deps.put(s, after);
                depPath.put(s, sp);
                depNode.put(s, sn);
                members.add(new RecoverySource(s, after, rs.to(), rs.toDb(), rs.toHost(), rs.toPort(),
                        rs.toUser(), rs.delete(), rs.requireTrial()));
            }
            groups.add(new RecoveryGroup(prio, members, groupAfter));
        }
        // dependencies: known, in the plan, not in a later group, and free of cycles
        for (var e : deps.entrySet()) {
            for (String d : e.getValue()) {
                String where = depPath.get(e.getKey()) + ".after";
                if (!types.containsKey(d)) {
                    y.problem(where, depNode.get(e.getKey()), "'" + e.getKey() + "' is after '" + d
                            + "', which is not defined under 'sources'");
                } else if (!groupOf.containsKey(d)) {
                    y.problem(where, depNode.get(e.getKey()), "'" + e.getKey() + "' is after '" + d
                            + "', which is not in plan '" + name + "'");
                } else if (groupOf.get(d) > groupOf.get(e.getKey())) {
                    y.problem(where, depNode.get(e.getKey()), "'" + e.getKey() + "' (priority " + groupOf.get(e.getKey())
                            + ") is after '" + d + "', which has the later priority " + groupOf.get(d));
                }
            }
        }
        Set<String> done = new HashSet<>();
        for (String s : deps.keySet()) {
            List<String> cycle = cycle(s, deps, new ArrayList<>(), done);
            if (cycle != null) {
                y.problem(depPath.get(cycle.get(0)) + ".after", depNode.get(cycle.get(0)),
                        "dependency cycle: " + String.join(" -> ", cycle));
                break;
            }
        }
        return new RecoveryPlanConfig(name, parallelism, groups, requireTrial);
    }

    /** A cycle through {@code s} in the {@code after} graph, as the path that closes it, or null. */
    private static List<String> cycle(String s, Map<String, List<String>> deps, List<String> stack, Set<String> done) {
        if (stack.contains(s)) {
            List<String> c = new ArrayList<>(stack.subList(stack.indexOf(s), stack.size()));
            c.add(s);
            return c;
        }
        if (done.contains(s)) {
            return null;
        }
        stack.add(s);
        for (String d : deps.getOrDefault(s, List.of())) {
            List<String> c = cycle(d, deps, stack, done);
            if (c != null) {
                return c;
            }
        }
        stack.remove(stack.size() - 1);
        done.add(s);
        return null;
    }

    /** A plan's source: a name, or a mapping with the name, {@code after} and the restore target. */
    private static RecoverySource planSource(YamlNodes y, String path, Node node,
            Map<String, String> types, Path base) {
        if (node instanceof ScalarNode) {
            String n = y.scalar(path, node);
            return n == null ? null : RecoverySource.of(n);
        }
        Map<String, Node> m = y.mapping(path, node, PLAN_SOURCE_KEYS);
        if (!m.containsKey("name")) {
            y.problem(path, node, "missing 'name'");
            return null;
        }
        String n = y.scalar(path + ".name", m.get("name"));
        if (n == null) {
            return null;
        }
        List<String> after = m.containsKey("after") ? y.scalarList(path + ".after", m.get("after")) : List.of();
        String type = types.get(n);
        boolean files = type != null && !type.equals("postgres") && !type.equals("mariadb");
        Path to = null;
        if (m.containsKey("to")) {
            String t = y.scalar(path + ".to", m.get("to"));
            if (type != null && !files) {
                y.problem(path + ".to", m.get("to"), "'to' is for file shares; restore database '" + n
                        + "' elsewhere with toDb, toHost, toPort, toUser");
            } else if (t != null) {
                to = base.resolve(t).normalize();
            }
        }
        String[] db = new String[4];
        String[] keys = {"toDb", "toHost", "toPort", "toUser"};
        for (int k = 0; k < keys.length; k++) {
            if (m.containsKey(keys[k])) {
                db[k] = y.scalar(path + "." + keys[k], m.get(keys[k]));
                if (type != null && files) {
                    y.problem(path + "." + keys[k], m.get(keys[k]), "'" + keys[k] + "' is for databases; restore share '"
                            + n + "' elsewhere with 'to'");
                }
            }
        }
        if (db[2] != null && !db[2].matches("\\d{1,5}")) {
            y.problem(path + ".toPort", m.get("toPort"), "expected a port number, got '" + db[2] + "'");
        }
        boolean delete = false;
        if (m.containsKey("delete")) {
            Boolean d = y.bool(path + ".delete", m.get("delete"));
            if (type != null && !files && Boolean.TRUE.equals(d)) {
                y.problem(path + ".delete", m.get("delete"), "'delete' is for file shares; database '" + n
                        + "' is replaced whole by its restore");
            } else {
                delete = Boolean.TRUE.equals(d);
            }
        }
        Boolean requireTrial = m.containsKey("requireTrial") ? y.bool(path + ".requireTrial", m.get("requireTrial")) : null;
        return new RecoverySource(n, after, to, db[0], db[1], db[2], db[3], delete, requireTrial);
    }
}
