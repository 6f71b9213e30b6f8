package lifeboat.core.model;

/** A message in the outbox: pending (tried at its next attempt time), sending (claimed by a process), sent, or expired (not delivered in time). */
public enum NotificationState implements Labeled {
    PENDING,
    SENDING,
    SENT,
    EXPIRED;

    public static NotificationState of(String label) {
        return Labeled.of(NotificationState.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
