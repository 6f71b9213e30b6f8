package lifeboat.core.model;

/**
 * Where an incident stands, in the crash policy's order: {@code investigating → identified → recovering →
 * monitoring → resolved}. An incident moves forward only (steps may be skipped); resolved is final.
 */
public enum IncidentState implements Labeled {
    /** Reported; IT is finding out what happened (policy 1). */
    INVESTIGATING("We are looking into the problem."),
    /** The cause and the affected systems are known. */
    IDENTIFIED("We know what went wrong and are working on it."),
    /** Restarting or restoring (policy 3). */
    RECOVERING("We are bringing the systems back."),
    /** Restored; watched for the monitoring window (policy 5). */
    MONITORING("The systems are back; we are watching them closely."),
    /** Over; the school was told (policy 6). */
    RESOLVED("The problem is over.");

    private final String plain;

    IncidentState(String plain) {
        this.plain = plain;
    }

    /** The state in a sentence for people who are not IT. */
    public String plain() {
        return plain;
    }

    /** Whether the incident is still going on. */
    public boolean open() {
        return this != RESOLVED;
    }

    /** Whether an incident in this state may move to {@code next}: forward, or staying where it is. */
    public boolean canMoveTo(IncidentState next) {
        return this != RESOLVED && next.ordinal() >= ordinal();
    }

    /**
     * Checks a move to {@code next}; the message names both states. Throws IllegalArgumentException for a move
     * backwards or out of resolved.
     */
    public IncidentState moveTo(IncidentState next) {
        if (this == RESOLVED) {
            throw new IllegalArgumentException("the incident is already resolved; it cannot move to " + next.label()
                    + " (open a new incident)");
        }
        if (!canMoveTo(next)) {
            throw new IllegalArgumentException("an incident cannot go back from " + label() + " to " + next.label()
                    + " (the order is investigating, identified, recovering, monitoring, resolved)");
        }
        return next;
    }

    public static IncidentState of(String label) {
        return Labeled.of(IncidentState.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
