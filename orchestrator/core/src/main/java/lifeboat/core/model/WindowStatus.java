package lifeboat.core.model;

/** Where a monitoring window (crash policy section 5) stands. */
public enum WindowStatus implements Labeled {
    /** Its probes run every {@code probeEvery} until it ends. */
    RUNNING,
    /** It ran its whole time and every probe and functional check passed at the end. */
    PASSED,
    /** It ran its whole time and something still failed at the end. */
    FAILED,
    /** A new window replaced it, or the incident was resolved before it ended. */
    CANCELLED;

    public boolean running() {
        return this == RUNNING;
    }

    public static WindowStatus of(String label) {
        return Labeled.of(WindowStatus.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
