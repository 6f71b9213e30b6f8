package lifeboat.core.model;

/** Where a recovery run stands. */
public enum RecoveryStatus implements Labeled {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public static RecoveryStatus of(String label) {
        return Labeled.of(RecoveryStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
