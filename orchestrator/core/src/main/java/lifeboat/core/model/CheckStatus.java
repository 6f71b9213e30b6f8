package lifeboat.core.model;

/** How one trial-restore check ended. */
public enum CheckStatus implements Labeled {
    PASSED,
    FAILED;

    public static CheckStatus of(String label) {
        return Labeled.of(CheckStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
