package lifeboat.core.config;

import java.util.List;
import lifeboat.core.config.PluginTypes.Kind;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code storage}: the targets backups are written to, each a storage plugin type and its properties. */
final class TargetsLoader {
    private TargetsLoader() {
    }

    static List<TargetConfig> load(LoadContext c, PluginTypes plugins, Node node) {
        return c.y().named("storage", node, "storage target",
                (path, item) -> PluginEntry.plain(c, plugins, Kind.STORAGE, path, item, TargetConfig::new),
                TargetConfig::name);
    }
}
