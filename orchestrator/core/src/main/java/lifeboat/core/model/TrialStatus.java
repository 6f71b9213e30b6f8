package lifeboat.core.model;

/** Where a trial restore stands. */
public enum TrialStatus implements Labeled {
    RUNNING,
    PASSED,
    FAILED;

    public static TrialStatus of(String label) {
        return Labeled.of(TrialStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
