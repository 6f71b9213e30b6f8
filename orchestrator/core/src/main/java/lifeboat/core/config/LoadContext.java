package lifeboat.core.config;

import java.nio.file.Path;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What every section loader of one lifeboat.yaml shares: the node reader that collects problems, the secret
 * references and the directory relative paths are resolved against.
 */
record LoadContext(YamlNodes y, SecretReferences secrets, Path base) {
    /** The value with its secret references resolved; an unresolvable one is reported and the value kept. */
    String expand(String path, Node node, String value) {
        try {
            return secrets.expand(value);
        } catch (IllegalArgumentException e) {
            y.problem(path, node, e.getMessage());
            return value;
        }
    }
}
