package lifeboat.core.daemon;

/**
 * How one attempt of an action on one source ended.
 *
 * @param status complete, partial, failed or skipped
 * @param cause the exception behind a failure, used to decide on a retry; may be null
 */
record Outcome(String status, long bytes, String backupId, String note, String error, Throwable cause) {
    static Outcome failed(Throwable e) {
        return new Outcome("failed", 0, null, null, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    boolean failed() {
        return "failed".equals(status);
    }
}
