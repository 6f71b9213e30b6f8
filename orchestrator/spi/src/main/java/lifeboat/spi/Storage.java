package lifeboat.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A storage target: a flat namespace of immutable objects under {@code /}-separated keys, as in restic's backend
 * contract. Implementations are thread-safe; every method may be called concurrently for different keys.
 */
public interface Storage extends Closeable {
    /** The configured name of this target. */
    String name();

    /** Where the target is, for messages: a path or URL, never a credential. */
    String location();

    /**
     * Starts writing an object. Nothing is visible under {@code key} until {@link PendingObject#commit()};
     * committing over an existing key replaces it atomically.
     */
    PendingObject create(String key) throws IOException;

    /** Streams an object's bytes. Throws {@link NoSuchObjectException} when it does not exist. */
    InputStream open(String key) throws IOException;

    Optional<ObjectInfo> stat(String key) throws IOException;

    /** Every committed object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Removes an object; idempotent (no error when it is already gone). */
    void delete(String key) throws IOException;

    /**
     * Removes what interrupted writes left behind (temporary objects, unfinished uploads) for keys starting with
     * {@code prefix}. The caller makes sure no write under that prefix is still under way.
     *
     * @return the number of leftovers removed
     */
    int removeIncomplete(String prefix) throws IOException;

    /**
     * Proves the target usable now, as {@code check-config} promises: reachable, credentials accepted, its bucket or
     * directory there. Throws with a message naming the target and what is wrong. The default reads one key.
     */
    default void check() throws IOException {
        stat("lifeboat-repo.json");
    }

    /**
     * Until when an object is under a retention lock that forbids deleting it (S3 Object Lock, a WORM share), when
     * the target has such locks and the object is under one now; empty otherwise. Prune skips such a backup and
     * reports it instead of failing on the delete. The default: no locks.
     */
    default Optional<Instant> retainedUntil(String key) throws IOException {
        return Optional.empty();
    }

    /** Free space on the target, when the target can tell. */
    default OptionalLong freeBytes() throws IOException {
        return OptionalLong.empty();
    }

    @Override
    default void close() throws IOException {
    }
}
