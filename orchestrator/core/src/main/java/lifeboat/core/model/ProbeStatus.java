package lifeboat.core.model;

/** What one run of a probe (or one functional check) found. */
public enum ProbeStatus implements Labeled {
    PASSED,
    FAILED,
    /** No answer within the probe's timeout. */
    TIMED_OUT;

    public boolean passed() {
        return this == PASSED;
    }

    public static ProbeStatus of(String label) {
        return Labeled.of(ProbeStatus.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
