package lifeboat.core.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.config.PluginTypes.Kind;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code sources}: what is backed up, to which storage targets, how often at least, and how encrypted. */
final class SourcesLoader {
    private static final Set<String> OWN = Set.of("name", "type", "storage", "rpo", "tags", "encryption",
            "retention", "timeZone");

    private SourcesLoader() {
    }

    /** The sources without top-level retention defaults. */
    static List<SourceConfig> load(LoadContext c, PluginTypes plugins, Node node, Map<String, TargetConfig> targets) {
        return load(c, plugins, node, targets, Retention.NONE, null);
    }

    /**
     * The sources; {@code targets} are the storage targets a source may list, by name; {@code retention} and
     * {@code zone} the top-level defaults (or none).
     */
    static List<SourceConfig> load(LoadContext c, PluginTypes plugins, Node node, Map<String, TargetConfig> targets,
            Retention retention, ZoneId zone) {
        return c.y().named("sources", node, "source",
                (path, item) -> source(c, plugins, path, item, targets, retention, zone), SourceConfig::name);
    }

    private static SourceConfig source(LoadContext c, PluginTypes plugins, String path, Node node,
            Map<String, TargetConfig> targets, Retention defaults, ZoneId defaultZone) {
        YamlNodes y = c.y();
        PluginEntry e = PluginEntry.read(c, plugins, Kind.SOURCE, path, node);
        if (e == null) {
            return null;
        }
        Map<String, Node> m = e.keys();
        List<String> storage = List.of();
        if (m.containsKey("storage")) {
            storage = y.scalarList(path + ".storage", m.get("storage"));
            for (String t : storage) {
                if (!targets.containsKey(t)) {
                    y.problem(path + ".storage", m.get("storage"), "storage target '" + t + "' is not defined under 'storage'");
                }
            }
            if (new HashSet<>(storage).size() != storage.size()) {
                y.problem(path + ".storage", m.get("storage"), "a storage target is listed twice");
            }
        }
        if (storage.isEmpty()) {
            y.problem(path + ".storage", m.getOrDefault("storage", node), "a source needs at least one storage target");
        }
        Duration rpo = null;
        if (m.containsKey("rpo")) {
            String v = y.scalar(path + ".rpo", m.get("rpo"));
            if (v != null) {
                try {
                    rpo = Durations.parse(v);
                } catch (IllegalArgumentException ex) {
                    y.problem(path + ".rpo", m.get("rpo"), ex.getMessage());
                }
            }
        }
        List<String> tags = m.containsKey("tags") ? y.scalarList(path + ".tags", m.get("tags")) : List.of();
        EncryptionSpec encryption = m.containsKey("encryption")
                ? EncryptionLoader.read(c, path + ".encryption", m.get("encryption")) : null;
        if (encryption != null) {
            for (String t : storage) {
                TargetConfig tc = targets.get(t);
                String why = tc == null ? null : EncryptionLoader.conflict(e.name(), encryption, t, tc.encryption());
                if (why != null) {
                    y.problem(path + ".encryption", m.get("encryption"), why);
                }
            }
        }
        Retention retention = m.containsKey("retention")
                ? RetentionLoader.read(y, path + ".retention", m.get("retention"), targets.keySet()) : Retention.NONE;
        ZoneId zone = m.containsKey("timeZone") ? RetentionLoader.zone(y, path + ".timeZone", m.get("timeZone"))
                : defaultZone;
        var settings = e.settings(c, path, OWN);
        return e.name() == null ? null : new SourceConfig(e.name(), e.type(), storage, rpo, tags, settings, encryption,
                retention.over(defaults), zone);
    }
}
