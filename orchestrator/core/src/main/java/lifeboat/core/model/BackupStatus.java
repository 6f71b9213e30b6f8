package lifeboat.core.model;

/** Where a backup stands. Only {@code COMPLETE} and {@code PARTIAL} backups have a durable manifest on storage. */
public enum BackupStatus implements Labeled {
    RUNNING,
    COMPLETE,
    /** Durable, but some paths could not be read; they are listed in the backup's details. */
    PARTIAL,
    FAILED,
    /** Removed by retention from every storage target; the row stays as history (when, by which rule). */
    PRUNED;

    public boolean usable() {
        return this == COMPLETE || this == PARTIAL;
    }

    public static BackupStatus of(String label) {
        return Labeled.of(BackupStatus.class, label);
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
