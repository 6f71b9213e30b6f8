package lifeboat.core.model;

/** Where one source's step of a recovery run stands. */
public enum StepStatus implements Labeled {
    PLANNED,
    STARTED,
    RESTORED,
    /** Restored and its restore tests passed: the only state a resumed run does not do again. */
    CHECKED,
    FAILED,
    SKIPPED;

    public boolean done() {
        return this == CHECKED;
    }

    public static StepStatus of(String label) {
        return Labeled.of(StepStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
