package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import lifeboat.spi.Settings;

/**
 * A configured storage target.
 *
 * @param encryption how the copies on this target are encrypted, or null (then a source's own encryption, if any)
 */
public record TargetConfig(String name, String type, Settings settings, EncryptionSpec encryption) {
    public TargetConfig {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(settings, "settings is null");
    }
}
