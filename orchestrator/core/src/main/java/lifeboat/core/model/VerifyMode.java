package lifeboat.core.model;

/** How deep a verification reads. */
public enum VerifyMode implements Labeled {
    /** Every object present with the size the catalog recorded. */
    QUICK,
    /** Every object re-read and re-hashed, every file's content re-hashed against the manifest. */
    FULL,
    /** Every object re-read and re-hashed; a random share of files re-hashed. */
    SAMPLE,
    /** The least recently verified objects across all backups and targets, up to a budget, read as in FULL. */
    ROLLING;

    public static VerifyMode of(String label) {
        return Labeled.of(VerifyMode.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
