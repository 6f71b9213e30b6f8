package lifeboat.core.model;

/** Backup levels: what a backup is compared against to find changes. */
public enum Level {
    FULL,
    /** Changes since the last backup of any level. */
    INCREMENTAL,
    /** Changes since the last full backup. */
    DIFFERENTIAL;

    public String label() {
        return name().toLowerCase();
    }

    public static Level of(String label) {
        try {
            return valueOf(label.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown level '" + label + "' (full, incremental, differential)");
        }
    }
}
