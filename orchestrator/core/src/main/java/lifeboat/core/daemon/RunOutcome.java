package lifeboat.core.daemon;

import lifeboat.core.model.RunStatus;

/**
 * How one attempt of an action on one source ended.
 *
 * @param cause the exception behind a failure, used to decide on a retry; may be null
 */
record RunOutcome(RunStatus status, long bytes, String backupId, String note, String error, Throwable cause) {
    static RunOutcome failed(Throwable e) {
        return new RunOutcome(RunStatus.FAILED, 0, null, null, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    static RunOutcome complete(long bytes, String backupId, String note) {
        return new RunOutcome(RunStatus.COMPLETE, bytes, backupId, note, null, null);
    }

    static RunOutcome failed(long bytes, String backupId, String error) {
        return new RunOutcome(RunStatus.FAILED, bytes, backupId, null, error, null);
    }

    boolean failed() {
        return status == RunStatus.FAILED;
    }
}
