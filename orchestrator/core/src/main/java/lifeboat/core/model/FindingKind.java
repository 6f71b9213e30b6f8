package lifeboat.core.model;

/** What a verification found wrong with a stored object or a file inside it. */
public enum FindingKind implements Labeled {
    MISSING_OBJECT,
    SIZE_MISMATCH,
    HASH_MISMATCH,
    /** The target could not be read, or an object could not be decrypted or decompressed. */
    UNREADABLE,
    FILE_MISSING,
    FILE_UNEXPECTED,
    FILE_HASH_MISMATCH,
    SUMS_MISMATCH,
    /**
     * An encrypted object the configured age identity cannot open (it is not one of the recipients) though its stored
     * bytes match their SHA-256: a key problem, not damage.
     */
    KEY_MISMATCH;

    public static FindingKind of(String label) {
        return Labeled.of(FindingKind.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
