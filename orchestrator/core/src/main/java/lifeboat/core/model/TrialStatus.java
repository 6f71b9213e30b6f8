package lifeboat.core.model;

/** Where a trial restore stands. */
public enum TrialStatus implements Labeled {
    RUNNING,
    PASSED,
    FAILED,
    /**
     * Not tried: the configured age identity opens no copy of the backup. A key problem, not a verdict on the
     * backup, so it leaves the backup's grade as it was.
     */
    KEY_MISMATCH;

    public static TrialStatus of(String label) {
        return Labeled.of(TrialStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
