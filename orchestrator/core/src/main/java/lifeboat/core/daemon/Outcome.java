package lifeboat.core.daemon;

/**
 * How one attempt of an action on one source ended.
 *
 * @param status complete, partial, failed or skipped
 * @param cause the exception behind a failure, used to decide on a retry; may be null
 * @param backup the backup's own result, for a backup action that ran; null otherwise
 */
record Outcome(String status, long bytes, String backupId, String note, String error, Throwable cause,
        lifeboat.core.backup.BackupResult backup) {
    Outcome(String status, long bytes, String backupId, String note, String error, Throwable cause) {
        this(status, bytes, backupId, note, error, cause, null);
    }

    static Outcome failed(Throwable e) {
        return new Outcome("failed", 0, null, null, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    boolean failed() {
        return "failed".equals(status);
    }
}
