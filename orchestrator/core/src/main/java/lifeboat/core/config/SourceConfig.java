package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lifeboat.spi.Settings;

/**
 * A configured source.
 *
 * @param storage names of the targets each backup of this source is written to, in order of preference
 * @param rpo the longest time the school accepts without a good backup, when set
 * @param encryption how every copy's objects are encrypted before they leave, or null (then per target, if at all)
 */
public record SourceConfig(String name, String type, List<String> storage, Duration rpo, List<String> tags,
        Settings settings, EncryptionSpec encryption) {
    public SourceConfig {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        storage = List.copyOf(storage);
        tags = List.copyOf(tags);
        requireNonNull(settings, "settings is null");
    }

    public Optional<Duration> rpoLimit() {
        return Optional.ofNullable(rpo);
    }
}
