package lifeboat.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.config.PluginTypes.Kind;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A list item that names a plugin type: a storage target, a source or a channel. Its keys are the loader's own
 * ({@code name}, {@code type}, ...) plus the properties the plugin declares; anything else is an unknown key.
 *
 * @param name the entry's name, or null when missing or malformed (already reported)
 * @param keys the item's entries by key
 */
record PluginEntry(String name, String type, List<PropertySpec> properties, Map<String, Node> keys) {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Set<String> NAME_AND_TYPE = Set.of("name", "type");

    /** Makes the configured value of a usable entry. */
    interface Maker<T> {
        T make(String name, String type, Settings settings);
    }

    /**
     * An entry with no keys of its own besides {@code name} and {@code type} (a storage target, a channel), or null
     * when it is unusable (reported).
     */
    static <T> T plain(LoadContext c, PluginTypes plugins, Kind kind, String path, Node node, Maker<T> maker) {
        PluginEntry e = read(c, plugins, kind, path, node);
        if (e == null) {
            return null;
        }
        Settings settings = e.settings(c, path, NAME_AND_TYPE);
        return e.name() == null ? null : maker.make(e.name(), e.type(), settings);
    }

    /** The entry at {@code path}, or null when its type is missing or unknown (reported). */
    static PluginEntry read(LoadContext c, PluginTypes plugins, Kind kind, String path, Node node) {
        YamlNodes y = c.y();
        Map<String, Node> m = y.mapping(path, node, null);
        String name = name(y, path, node, m);
        String type = m.containsKey("type") ? y.scalar(path + ".type", m.get("type")) : null;
        if (type == null) {
            if (!m.containsKey("type")) {
                y.problem(path, node, "missing 'type' (one of: " + String.join(", ", plugins.types(kind)) + ")");
            }
            return null;
        }
        var properties = plugins.properties(kind, type);
        if (properties.isEmpty()) {
            y.problem(path + ".type", m.get("type"), "unknown " + kind.label() + " type '" + type + "' (known: "
                    + String.join(", ", plugins.types(kind)) + ")");
            return null;
        }
        return new PluginEntry(name, type, properties.get(), m);
    }

    private static String name(YamlNodes y, String path, Node node, Map<String, Node> m) {
        if (!m.containsKey("name")) {
            y.problem(path, node, "missing 'name'");
            return null;
        }
        String name = y.scalar(path + ".name", m.get("name"));
        if (name != null && !name.matches(NAME)) {
            y.problem(path + ".name", m.get("name"), "name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
            return null;
        }
        return name;
    }

    /**
     * The plugin's properties, typed and with secret references resolved; keys outside {@code own} and the plugin's
     * properties are reported, as are missing required properties.
     */
    Settings settings(LoadContext c, String path, Set<String> own) {
        YamlNodes y = c.y();
        Map<String, PropertySpec> byName = new HashMap<>();
        properties.forEach(s -> byName.put(s.name(), s));
        Map<String, Object> values = new HashMap<>();
        for (var e : keys.entrySet()) {
            String key = e.getKey();
            if (own.contains(key)) {
                continue;
            }
            PropertySpec spec = byName.get(key);
            if (spec == null) {
                Set<String> allowed = new HashSet<>(own);
                allowed.addAll(byName.keySet());
                y.unknownKey(path, key, e.getValue(), allowed);
                continue;
            }
            Object v = value(c, path + "." + key, spec, e.getValue());
            if (v != null) {
                values.put(key, v);
            }
        }
        for (PropertySpec spec : properties) {
            if (spec.required() && !keys.containsKey(spec.name())) {
                y.problem(path, null, "missing '" + spec.name() + "' (" + spec.description() + ") for " + type
                        + (name == null ? "" : " '" + name + "'"));
            }
        }
        return new Settings(name == null ? "?" : name, type, values);
    }

    private static Object value(LoadContext c, String path, PropertySpec spec, Node node) {
        YamlNodes y = c.y();
        if (spec.type() == PropertyType.STRING_LIST) {
            List<String> out = new ArrayList<>();
            for (String r : y.scalarList(path, node)) {
                out.add(c.expand(path, node, r));
            }
            return out;
        }
        String raw = y.scalar(path, node);
        if (raw == null) {
            return null;
        }
        String v = c.expand(path, node, raw);
        try {
            return switch (spec.type()) {
                case STRING -> v;
                case PATH -> c.base().resolve(v).normalize();
                case INTEGER -> Long.parseLong(v.trim());
                case BOOLEAN -> switch (v.trim().toLowerCase()) {
                    case "true", "yes", "on" -> Boolean.TRUE;
                    case "false", "no", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("expected true or false");
                };
                case DURATION -> Durations.parse(v);
                case STRING_LIST -> throw new AssertionError();
            };
        } catch (IllegalArgumentException e) {
            y.problem(path, node, wrongValue(c, spec, raw, v, e));
        }
        return null;
    }

    /**
     * Why a value was refused. The value itself is shown only when the file holds it: an expanded {@code ${env:}} or
     * {@code ${file:}} reference may be a secret put in the wrong key, so the message names the reference instead.
     */
    private static String wrongValue(LoadContext c, PropertySpec spec, String raw, String value, IllegalArgumentException e) {
        String expected = switch (spec.type()) {
            case INTEGER -> "expected a whole number";
            case BOOLEAN -> "expected true or false";
            case DURATION -> "expected a duration (examples: 90s, 30m, 24h, 7d)";
            case PATH -> "expected a file path";
            case STRING, STRING_LIST -> "invalid value";
        };
        if (spec.secret()) {
            return expected;
        }
        if (c.secrets().hasReference(raw)) {
            return expected + ", got the value of '" + raw.trim() + "' (not shown)";
        }
        return e instanceof NumberFormatException ? expected + ", got '" + value + "'" : e.getMessage();
    }
}
