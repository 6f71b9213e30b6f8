package lifeboat.core.model;

/** How deep a verification reads. */
public enum VerifyMode {
    /** Every object present with the size the catalog recorded. */
    QUICK,
    /** Every object re-read and re-hashed, every file's content re-hashed against the manifest. */
    FULL,
    /** Every object re-read and re-hashed; a random share of files re-hashed. */
    SAMPLE,
    /** The least recently verified objects across all backups and targets, up to a budget, read as in FULL. */
    ROLLING;

    public String label() {
        return name().toLowerCase();
    }

    public static VerifyMode of(String s) {
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown verify mode '" + s + "' (quick, full, sample, rolling)");
        }
    }
}
