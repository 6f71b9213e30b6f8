package lifeboat.core.audit;

import lifeboat.core.model.Labeled;

/** What an audit entry records; its label is the entry's {@code type}. */
public enum AuditType implements Labeled {
    BACKUP_STARTED,
    BACKUP_FINISHED,
    BACKUP_FAILED,
    VERIFICATION,
    TRIAL_RESTORE,
    RESTORE,
    COPY,
    PRUNE,
    RECOVERY_STARTED,
    RECOVERY_STEP,
    RECOVERY_FINISHED,
    INCIDENT_OPENED,
    INCIDENT_UPDATED,
    /** The effective configuration in force: its hash, and what changed since the previous one. */
    CONFIG,
    LOGIN,
    LOGIN_FAILED,
    USER_ACTION,
    NOTIFICATION_SENT,
    /** The chain's head signed and written to storage. */
    CHECKPOINT,
    /** The chain re-checked: intact or not. */
    AUDIT_VERIFIED,
    /** A report for auditors made or sent. */
    REPORT;

    public static AuditType of(String label) {
        return Labeled.of(AuditType.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
