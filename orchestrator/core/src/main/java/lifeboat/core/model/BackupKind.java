package lifeboat.core.model;

/** What a backup holds: a file tree (a tar archive and a manifest) or a database dump in the tool's own format. */
public enum BackupKind implements Labeled {
    FILES,
    DUMP;

    public static BackupKind of(String label) {
        return Labeled.of(BackupKind.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
