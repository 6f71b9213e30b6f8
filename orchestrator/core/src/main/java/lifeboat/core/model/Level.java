package lifeboat.core.model;

/** Backup levels: what a backup is compared against to find changes. */
public enum Level implements Labeled {
    FULL,
    /** Changes since the last backup of any level. */
    INCREMENTAL,
    /** Changes since the last full backup. */
    DIFFERENTIAL;

    public static Level of(String label) {
        return Labeled.of(Level.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
