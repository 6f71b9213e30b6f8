package lifeboat.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated, secret-resolved properties of one configured source or storage target. Values have the Java
 * type their {@link PropertySpec} names: String, Long, Boolean, Path (absolute), List of String, Duration.
 * Immutable and thread-safe.
 */
public final class Settings {
    private final String name;
    private final String type;
    private final Map<String, Object> values;

    public Settings(String name, String type, Map<String, Object> values) {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.values = Map.copyOf(values);
    }

    /** The configured name of the source or target, e.g. {@code staff-share}. */
    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<String> string(String key) {
        return Optional.ofNullable((String) values.get(key));
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    public Optional<Path> path(String key) {
        return Optional.ofNullable((Path) values.get(key));
    }

    public Path requirePath(String key) {
        return path(key).orElseThrow(() -> missing(key));
    }

    public long integer(String key, long defaultValue) {
        Object v = values.get(key);
        return v == null ? defaultValue : (Long) v;
    }

    public boolean bool(String key, boolean defaultValue) {
        Object v = values.get(key);
        return v == null ? defaultValue : (Boolean) v;
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    public Optional<Duration> duration(String key) {
        return Optional.ofNullable((Duration) values.get(key));
    }

    private IllegalArgumentException missing(String key) {
        return new IllegalArgumentException(name + ": required property '" + key + "' is missing");
    }

    @Override
    public String toString() {
        return type + " " + name;
    }
}
