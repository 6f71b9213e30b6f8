package lifeboat.core.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.config.PluginTypes.Kind;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code storage}: the targets backups are written to, each a storage plugin type and its properties, and
 * optionally the age keys the copies there are encrypted to.
 */
final class TargetsLoader {
    private static final Set<String> OWN = Set.of("name", "type", "encryption");

    private TargetsLoader() {
    }

    static List<TargetConfig> load(LoadContext c, PluginTypes plugins, Node node) {
        return c.y().named("storage", node, "storage target", (path, item) -> target(c, plugins, path, item),
                TargetConfig::name);
    }

    private static TargetConfig target(LoadContext c, PluginTypes plugins, String path, Node node) {
        PluginEntry e = PluginEntry.read(c, plugins, Kind.STORAGE, path, node);
        if (e == null) {
            return null;
        }
        Map<String, Node> m = e.keys();
        EncryptionSpec encryption = m.containsKey("encryption")
                ? EncryptionLoader.read(c, path + ".encryption", m.get("encryption")) : null;
        var settings = e.settings(c, path, OWN);
        return e.name() == null ? null : new TargetConfig(e.name(), e.type(), settings, encryption);
    }
}
