package lifeboat.core.daemon;

import lifeboat.core.model.RunStatus;

/**
 * How one attempt of an action on one source ended.
 *
 * @param cause the exception behind a failure, used to decide on a retry; may be null
 */
record Outcome(RunStatus status, long bytes, String backupId, String note, String error, Throwable cause) {
    static Outcome failed(Throwable e) {
        return new Outcome(RunStatus.FAILED, 0, null, null, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    static Outcome complete(long bytes, String backupId, String note) {
        return new Outcome(RunStatus.COMPLETE, bytes, backupId, note, null, null);
    }

    static Outcome failed(long bytes, String backupId, String error) {
        return new Outcome(RunStatus.FAILED, bytes, backupId, null, error, null);
    }

    boolean failed() {
        return status == RunStatus.FAILED;
    }
}
