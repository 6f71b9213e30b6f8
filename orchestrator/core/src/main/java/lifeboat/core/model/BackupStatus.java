package lifeboat.core.model;

/** Where a backup stands. Only {@code COMPLETE} and {@code PARTIAL} backups have a durable manifest on storage. */
public enum BackupStatus {
    RUNNING,
    COMPLETE,
    /** Durable, but some paths could not be read; they are listed in the backup's details. */
    PARTIAL,
    FAILED;

    public String label() {
        return name().toLowerCase();
    }

    public boolean usable() {
        return this == COMPLETE || this == PARTIAL;
    }

    public static BackupStatus of(String label) {
        return valueOf(label.toUpperCase());
    }
}
