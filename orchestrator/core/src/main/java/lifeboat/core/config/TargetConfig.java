package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import lifeboat.spi.Settings;

/** A configured storage target. */
public record TargetConfig(String name, String type, Settings settings) {
    public TargetConfig {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(settings, "settings is null");
    }
}
