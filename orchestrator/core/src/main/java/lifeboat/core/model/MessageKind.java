package lifeboat.core.model;

/** The kinds of message an audience gets about an incident or the policy; each has a template per audience. */
public enum MessageKind implements Labeled {
    /** An incident was reported (to IT, at once). */
    OPENED,
    /** An update on an incident. */
    UPDATE,
    /** The incident is over; normal work resumes. */
    RESOLVED,
    /** The incident report. */
    REPORT,
    /** The policy's review is due. */
    REVIEW_DUE;

    public static MessageKind of(String label) {
        return Labeled.of(MessageKind.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
