package lifeboat.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.config.PluginTypes.Kind;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code sources}: what is backed up, to which storage targets, how often at least, and how encrypted. */
final class SourcesLoader {
    private static final Set<String> OWN = Set.of("name", "type", "storage", "rpo", "tags", "encryption");

    private SourcesLoader() {
    }

    /** The sources; {@code targets} are the storage target names a source may list. */
    static List<SourceConfig> load(LoadContext c, PluginTypes plugins, Node node, Set<String> targets) {
        return c.y().named("sources", node, "source", (path, item) -> source(c, plugins, path, item, targets),
                SourceConfig::name);
    }

    private static SourceConfig source(LoadContext c, PluginTypes plugins, String path, Node node, Set<String> targets) {
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
                if (!targets.contains(t)) {
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
                ? encryption(c, path + ".encryption", m.get("encryption")) : null;
        var settings = e.settings(c, path, OWN);
        return e.name() == null ? null : new SourceConfig(e.name(), e.type(), storage, rpo, tags, settings, encryption);
    }

    private static EncryptionSpec encryption(LoadContext c, String path, Node node) {
        YamlNodes y = c.y();
        Map<String, Node> e = y.mapping(path, node, Set.of("recipients", "identity"));
        List<String> recipients = new ArrayList<>();
        if (e.containsKey("recipients")) {
            for (String r : y.scalarList(path + ".recipients", e.get("recipients"))) {
                recipients.add(c.expand(path + ".recipients", e.get("recipients"), r).trim());
            }
        }
        if (recipients.isEmpty()) {
            y.problem(path + ".recipients", e.getOrDefault("recipients", node), "list at least one age recipient (age1...)");
            return null;
        }
        String identity = null;
        if (e.containsKey("identity")) {
            String raw = y.scalar(path + ".identity", e.get("identity"));
            identity = raw == null ? null : ageKeyLine(c.expand(path + ".identity", e.get("identity"), raw));
            // a secret key written into the file would travel with every copy of the configuration
            if (identity != null && !c.secrets().hasReference(raw)) {
                y.problem(path + ".identity", e.get("identity"),
                        "give the secret key as ${file:PATH} or ${env:NAME}, not in the configuration file");
            }
        }
        try {
            return new EncryptionSpec(recipients, identity);
        } catch (IllegalArgumentException ex) {
            y.problem(path, node, ex.getMessage());
            return null;
        }
    }

    /** age-keygen writes comment lines before the key; take the key line. */
    private static String ageKeyLine(String text) {
        for (String line : text.split("\\R")) {
            if (line.trim().startsWith("AGE-SECRET-KEY-")) {
                return line.trim();
            }
        }
        return text.trim();
    }
}
