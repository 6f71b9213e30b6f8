package lifeboat.core.model;

/** How one attempt of a scheduled job on one source stands: skipped when there was nothing to do. */
public enum RunStatus implements Labeled {
    RUNNING,
    COMPLETE,
    PARTIAL,
    FAILED,
    RETRYING,
    INTERRUPTED,
    SKIPPED;

    public static RunStatus of(String label) {
        return Labeled.of(RunStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
