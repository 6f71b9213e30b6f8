package lifeboat.core.model;

/** How a verification of one backup's copy on one target ended. */
public enum VerifyStatus implements Labeled {
    OK,
    FAILED,
    /**
     * The stored bytes matched, but the configured age identity could not decrypt them to check their content: a key
     * problem. Such a verification neither proves nor condemns the copy.
     */
    KEY_MISMATCH;

    public static VerifyStatus of(String label) {
        return Labeled.of(VerifyStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
