package lifeboat.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a SnakeYAML node tree while collecting problems with their YAML path and line, so that one
 * {@code check-config} run reports everything wrong at once.
 */
final class YamlNodes {
    private final String file;
    private final List<ConfigProblem> problems;
    private final Map<Node, ScalarNode> keys = new IdentityHashMap<>();

    YamlNodes(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    String file() {
        return file;
    }

    int problemCount() {
        return problems.size();
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    void problem(String path, Node node, String message) {
        problems.add(new ConfigProblem(file, path, line(node), message));
    }

    /** The mapping's entries by key, reporting keys outside {@code allowed} and duplicate keys. */
    Map<String, Node> mapping(String path, Node node, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            problem(path, node, "expected a mapping (key: value lines)");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(path, t.getKeyNode(), "keys must be plain names");
                continue;
            }
            String k = key.getValue();
            String childPath = join(path, k);
            if (allowed != null && !allowed.contains(k)) {
                problem(childPath, key, "unknown key '" + k + "'" + suggestion(k, allowed));
            } else if (out.containsKey(k)) {
                problem(childPath, key, "duplicate key '" + k + "'");
            } else {
                out.put(k, t.getValueNode());
                keys.put(t.getValueNode(), key);
            }
        }
        return out;
    }

    /** Reports a key found by {@link #mapping} with no allowed set, once the allowed keys are known. */
    void unknownKey(String path, String key, Node value, Set<String> allowed) {
        problem(join(path, key), keys.getOrDefault(value, null) == null ? value : keys.get(value),
                "unknown key '" + key + "'" + suggestion(key, allowed));
    }

    List<Node> sequence(String path, Node node) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problem(path, node, "expected a list");
        return List.of();
    }

    String scalar(String path, Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(path, node, "expected a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        return null;
    }

    List<String> scalarList(String path, Node node) {
        if (node instanceof ScalarNode) {
            problem(path, node, "expected a list such as [a, b]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(path, node);
        for (int i = 0; i < items.size(); i++) {
            String v = scalar(path + "[" + i + "]", items.get(i));
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    Long integer(String path, Node node) {
        String v = scalar(path, node);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            problem(path, node, "expected a whole number, got '" + v + "'");
            return null;
        }
    }

    Boolean bool(String path, Node node) {
        String v = scalar(path, node);
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(path, node, "expected true or false, got '" + v + "'");
                yield null;
            }
        };
    }

    /**
     * A list of named entries such as {@code storage} or {@code sources}: each item read by {@code item} (null when
     * unusable, already reported); an item whose name an earlier one has is reported as a duplicate {@code what}.
     */
    <T> List<T> named(String path, Node node, String what, BiFunction<String, Node, T> item, Function<T, String> name) {
        List<T> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Node> items = sequence(path, node);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            T t = item.apply(itemPath, items.get(i));
            if (t == null) {
                continue;
            }
            if (!names.add(name.apply(t))) {
                problem(itemPath + ".name", items.get(i), "duplicate " + what + " name '" + name.apply(t) + "'");
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /** A duration such as {@code 30s} or {@code 24h}; {@code dflt} when absent or malformed (reported). */
    Duration duration(String path, Node node, Duration dflt) {
        if (node == null) {
            return dflt;
        }
        String v = scalar(path, node);
        try {
            return v == null ? dflt : Durations.parse(v);
        } catch (IllegalArgumentException e) {
            problem(path, node, e.getMessage());
            return dflt;
        }
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(), a.toLowerCase());
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best == null ? " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"
                : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
