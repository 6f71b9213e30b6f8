package lifeboat.core.config;

import static lifeboat.spi.PropertySpec.optional;
import static lifeboat.spi.PropertySpec.required;
import static lifeboat.spi.PropertySpec.secret;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;

/** A fixed set of plugin types, so that loader tests do not depend on which plugins are on the class path. */
final class TestPlugins implements PluginTypes {
    private static final Map<Kind, Map<String, List<PropertySpec>>> TYPES = Map.of(
            Kind.STORAGE, Map.of("local", List.of(required("path", PropertyType.PATH, "repository directory"))),
            Kind.SOURCE, Map.of(
                    "files", List.of(required("path", PropertyType.PATH, "directory to back up"),
                            optional("exclude", PropertyType.STRING_LIST, "globs to leave out")),
                    "postgres", List.of(required("host", PropertyType.STRING, "server"),
                            optional("port", PropertyType.INTEGER, "port"), secret("password", "password"))),
            Kind.CHANNEL, Map.of("webhook", List.of(required("url", PropertyType.STRING, "where to post"),
                    optional("timeout", PropertyType.DURATION, "how long to wait"), secret("token", "bearer token"))));

    @Override
    public Set<String> types(Kind kind) {
        return new TreeSet<>(TYPES.get(kind).keySet());
    }

    @Override
    public Optional<List<PropertySpec>> properties(Kind kind, String type) {
        return Optional.ofNullable(TYPES.get(kind).get(type));
    }
}
