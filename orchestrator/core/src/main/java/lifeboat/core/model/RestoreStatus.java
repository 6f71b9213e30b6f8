package lifeboat.core.model;

/** Where a restore stands. */
public enum RestoreStatus implements Labeled {
    RUNNING,
    RESTORED,
    FAILED;

    public static RestoreStatus of(String label) {
        return Labeled.of(RestoreStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
