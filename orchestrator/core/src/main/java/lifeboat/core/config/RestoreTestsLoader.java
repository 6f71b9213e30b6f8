package lifeboat.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads the restore tests in {@code restoreTestsDir/*.yaml}: one YAML document per source. Problems (unknown
 * source, a check that does not fit the source's kind, a malformed expectation) are reported with file and line.
 * A query the server rejects is found at trial time and fails that check; it is not a load error.
 */
public final class RestoreTestsLoader {
    private static final Set<String> DATABASE_TYPES = Set.of("postgres", "mariadb");

    private RestoreTestsLoader() {
    }

    /** Restore tests by source; an absent directory means none. */
    public static Map<String, RestoreTestSpec> load(LifeboatConfig config) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, RestoreTestSpec> out = load(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    static Map<String, RestoreTestSpec> load(LifeboatConfig config, List<ConfigProblem> problems) {
        Map<String, RestoreTestSpec> out = new LinkedHashMap<>();
        Path dir = config.restoreTestsDir();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            problems.add(new ConfigProblem(dir.toString(), "", 0, "cannot list restore tests: " + e.getMessage()));
            return out;
        }
        for (Path file : files) {
            YamlNodes y = new YamlNodes(file.toString(), problems);
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (Node doc : new Yaml(new LoaderOptions()).composeAll(r)) {
                    if (doc == null) {
                        continue;
                    }
                    RestoreTestSpec spec = document(y, config, doc);
                    if (spec == null) {
                        continue;
                    }
                    if (out.containsKey(spec.source())) {
                        y.problem("source", doc, "restore tests for '" + spec.source() + "' are defined twice (also in "
                                + out.get(spec.source()).file() + ")");
                    } else {
                        out.put(spec.source(), spec);
                    }
                }
            } catch (MarkedYAMLException e) {
                int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
                problems.add(new ConfigProblem(file.toString(), "", line, "not valid YAML: " + e.getProblem()));
            } catch (IOException e) {
                problems.add(new ConfigProblem(file.toString(), "", 0, "cannot read: " + e.getMessage()));
            }
        }
        return out;
    }

    private static RestoreTestSpec document(YamlNodes y, LifeboatConfig config, Node doc) {
        Map<String, Node> m = y.mapping("", doc, Set.of("source", "checks"));
        String source = m.containsKey("source") ? y.scalar("source", m.get("source")) : null;
        if (source == null) {
            if (!m.containsKey("source")) {
                y.problem("", doc, "missing 'source'");
            }
            return null;
        }
        var sc = config.source(source);
        if (sc.isEmpty()) {
            y.problem("source", m.get("source"), "source '" + source + "' is not defined in " + config.file());
            return null;
        }
        boolean database = DATABASE_TYPES.contains(sc.get().type());
        List<CheckSpec> checks = new ArrayList<>();
        List<Node> items = m.containsKey("checks") ? y.sequence("checks", m.get("checks")) : List.of();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            CheckSpec c = check(y, "checks[" + i + "]", items.get(i), database);
            if (c != null && !names.add(c.name())) {
                y.problem("checks[" + i + "]", items.get(i), "two checks are named '" + c.name() + "'");
            } else if (c != null) {
                checks.add(c);
            }
        }
        if (items.isEmpty()) {
            y.problem("checks", doc, "no checks for source '" + source + "'");
        }
        return new RestoreTestSpec(source, y.file(), YamlNodes.line(doc), checks);
    }

    private static CheckSpec check(YamlNodes y, String path, Node node, boolean database) {
        Map<String, Node> raw = y.mapping(path, node, null);
        String typeName = raw.containsKey("type") ? y.scalar(path + ".type", raw.get("type")) : null;
        if (typeName == null) {
            y.problem(path, node, "missing 'type'");
            return null;
        }
        var type = CheckType.of(typeName);
        if (type.isEmpty()) {
            y.problem(path + ".type", raw.get("type"), "unknown check type '" + typeName + "'");
            return null;
        }
        CheckType t = type.get();
        if (t.forDatabases() != database) {
            y.problem(path + ".type", raw.get("type"), "'" + typeName + "' applies to "
                    + (t.forDatabases() ? "database" : "file share") + " sources only");
            return null;
        }
        Set<String> allowed = new HashSet<>(t.keys());
        allowed.add("type");
        for (String k : raw.keySet()) {
            if (!allowed.contains(k)) {
                y.unknownKey(path, k, raw.get(k), allowed);
            }
        }
        List<String> items = new ArrayList<>();
        for (String k : List.of("tables", "views", "functions", "paths")) {
            if (raw.containsKey(k)) {
                items.addAll(y.scalarList(path + "." + k, raw.get(k)));
            }
        }
        if (!t.keys().isEmpty() && t != CheckType.SQL && items.isEmpty()) {
            y.problem(path, node, "'" + typeName + "' needs a non-empty list of " + t.keys().iterator().next());
        }
        String name = raw.containsKey("name") ? y.scalar(path + ".name", raw.get("name")) : null;
        String query = null;
        Expectation expect = null;
        Expectation expectRows = null;
        if (t == CheckType.SQL) {
            query = raw.containsKey("query") ? y.scalar(path + ".query", raw.get("query")) : null;
            if (query == null || query.isBlank()) {
                y.problem(path, node, "an sql check needs a 'query'");
            }
            expect = expectation(y, path + ".expect", raw.get("expect"));
            expectRows = expectation(y, path + ".expectRows", raw.get("expectRows"));
            if (expect == null && expectRows == null) {
                y.problem(path, node, "an sql check needs 'expect' (first value) or 'expectRows' (row count)");
            }
            if (name == null) {
                name = query == null ? "sql" : query.strip();
            }
        }
        return new CheckSpec(t, name == null ? typeName : name, items, query, expect, expectRows);
    }

    private static Expectation expectation(YamlNodes y, String path, Node node) {
        if (node == null) {
            return null;
        }
        String v = y.scalar(path, node);
        if (v == null) {
            return null;
        }
        try {
            return Expectation.parse(v);
        } catch (IllegalArgumentException e) {
            y.problem(path, node, e.getMessage());
            return null;
        }
    }
}
