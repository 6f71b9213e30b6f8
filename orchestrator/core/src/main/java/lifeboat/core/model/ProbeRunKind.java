package lifeboat.core.model;

/** Why a probe ran: a monitoring window's round, a functional check in a window, or the check after a restart. */
public enum ProbeRunKind implements Labeled {
    /** A probe of an affected system, in a monitoring window's round. */
    PROBE,
    /** One of a source's restore tests run against the live system, at the start or the end of a window. */
    RESTORE_TEST,
    /** A probe run right after the system's restart command. */
    RESTART;

    public static ProbeRunKind of(String label) {
        return Labeled.of(ProbeRunKind.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
