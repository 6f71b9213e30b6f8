package lifeboat.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A stored object as the storage target reports it. */
public record ObjectInfo(String key, long size, Instant lastModified) {
    public ObjectInfo {
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }
}
