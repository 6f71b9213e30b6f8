package lifeboat.core.config;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A lifeboat.yaml text for testing one section loader on its own: the section's node keeps the document's lines,
 * and the problems the loader reports are collected as check-config would.
 */
final class Section {
    final List<ConfigProblem> problems = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    private final Node root;
    private final Path base;

    Section(Path base, String yaml) {
        this.base = base;
        this.root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    }

    /** The value of a top-level key. */
    Node node(String key) {
        for (NodeTuple t : ((MappingNode) root).getValue()) {
            if (((ScalarNode) t.getKeyNode()).getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        throw new IllegalArgumentException("no top-level key " + key);
    }

    /** The problems reported as (path, line, message), to compare with {@code tuple(...)}. */
    List<Tuple> reported() {
        return problems.stream().map(p -> new Tuple(p.path(), p.line(), p.message())).toList();
    }

    LoadContext context() {
        return new LoadContext(new YamlNodes("lifeboat.yaml", problems), new SecretReferences(env::get, base), base);
    }
}
