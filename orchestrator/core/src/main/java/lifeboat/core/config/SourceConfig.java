package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import lifeboat.spi.Settings;

/**
 * A configured source.
 *
 * @param storage names of the targets each backup of this source is written to, in order of preference
 * @param rpo the longest time the school accepts without a good backup, when set
 * @param encryption how every copy's objects are encrypted before they leave, or null (then per target, if at all)
 * @param retention which backups prune keeps, per target, with the top-level defaults already applied
 * @param timeZone where the calendar periods of retention (days, weeks, months) are counted
 */
public record SourceConfig(String name, String type, List<String> storage, Duration rpo, List<String> tags,
        Settings settings, EncryptionSpec encryption, Retention retention, ZoneId timeZone) {
    public SourceConfig {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        storage = List.copyOf(storage);
        tags = List.copyOf(tags);
        requireNonNull(settings, "settings is null");
        retention = retention == null ? Retention.NONE : retention;
        timeZone = timeZone == null ? ZoneId.systemDefault() : timeZone;
    }

    /** A source without retention (nothing pruned), in the system's time zone. */
    public SourceConfig(String name, String type, List<String> storage, Duration rpo, List<String> tags,
            Settings settings, EncryptionSpec encryption) {
        this(name, type, storage, rpo, tags, settings, encryption, null, null);
    }

    public Optional<Duration> rpoLimit() {
        return Optional.ofNullable(rpo);
    }
}
