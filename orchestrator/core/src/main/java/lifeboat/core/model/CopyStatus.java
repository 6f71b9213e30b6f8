package lifeboat.core.model;

/**
 * A backup's copy on one storage target: complete once all its objects are durable there; removing once prune has
 * decided to remove it (no reader takes it any more, and the next prune finishes a removal that was interrupted).
 */
public enum CopyStatus implements Labeled {
    COMPLETE,
    REMOVING;

    public static CopyStatus of(String label) {
        return Labeled.of(CopyStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
