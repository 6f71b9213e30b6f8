package lifeboat.core.model;

/** What an entry on an incident's timeline records. */
public enum TimelineKind implements Labeled {
    /** The incident was reported. */
    OPENED,
    /** IT posted an update (state, message, cause, system status, ETA). */
    UPDATE,
    /** A system's restart command ran. */
    RESTART,
    /** A step of a recovery run linked to the incident: a priority group restored and checked, or failed. */
    RECOVERY,
    /** The monitoring window started, ended or ran its restore tests. */
    MONITORING,
    /** A probe failed, or passed again after failing. */
    PROBE,
    /** A preventive action was added or done. */
    ACTION,
    /** The report was built and kept. */
    REPORT,
    /** The incident was resolved. */
    RESOLVED;

    public static TimelineKind of(String label) {
        return Labeled.of(TimelineKind.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
