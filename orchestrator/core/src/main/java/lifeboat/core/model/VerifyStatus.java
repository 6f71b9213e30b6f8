package lifeboat.core.model;

/** How a verification of one backup's copy on one target ended. */
public enum VerifyStatus implements Labeled {
    OK,
    FAILED;

    public static VerifyStatus of(String label) {
        return Labeled.of(VerifyStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
