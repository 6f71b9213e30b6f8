package lifeboat.core.model;

/** What the newest verification of a backup's copy, since the copy's objects were last written, found. */
public enum CopyHealth implements Labeled {
    /** It passed. */
    VERIFIED_GOOD,
    /** It failed: an object is missing, unreadable or not the one recorded. */
    CORRUPT,
    /** None yet: never verified, or not since its objects were (re)written. */
    NEVER_VERIFIED;

    public static CopyHealth of(String label) {
        return Labeled.of(CopyHealth.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
