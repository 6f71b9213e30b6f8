package lifeboat.core.events;

import lifeboat.core.model.EventType;

/**
 * Where services say what happened that people should hear about. Each service raises its own events (a backup
 * its failure, a verification its findings), so the CLI and the daemon only call services and show results.
 * Implementations record every event and route messages by the configured rules; they never throw, because a mail
 * server that is down must not fail the backup that raised the event. Thread-safe.
 */
public interface Events {
    /** A problem: recorded, and sent unless the same problem (same key) was reported recently. */
    void raise(Alert alert);

    /** Closes the problem under {@code key} if it is open, and tells the people who heard of it that it is over. */
    void resolve(EventType type, String about, String key, String message);

    /** {@link #resolve(EventType, String, String, String)} for a problem keyed by its type and a source's name. */
    default void resolve(EventType type, String source, String message) {
        resolve(type, source, Alert.keyOf(type, source), message);
    }

    /** Records something worth keeping in the event history that nobody needs to be told about now. */
    void record(EventType type, String source, String job, String message);
}
