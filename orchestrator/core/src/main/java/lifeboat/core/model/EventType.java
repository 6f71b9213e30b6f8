package lifeboat.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lifeboat.spi.Severity;

/**
 * What Lifeboat tells people about; the names are the config's {@code notifications.rules[].events}. A problem type
 * has a subject for when it happens and one for when it is over ("healthy again"); the others are one-off notices.
 */
public enum EventType implements Labeled {
    BACKUP_FAILED(Severity.ERROR, "Backup of %s failed", "Backups of %s are healthy again"),
    BACKUP_PARTIAL(Severity.WARNING, "Backup of %s is only partial", "Backups of %s are whole again"),
    VERIFY_FAILED(Severity.ERROR, "Verification of %s failed", "Verification of %s passes again"),
    TRIAL_RESTORE_FAILED(Severity.ERROR, "Trial restore of %s failed",
            "Trial restores of %s pass again"),
    COPY_FAILED(Severity.ERROR, "Copy of %s failed", "Copies of %s succeed again"),
    JOB_FAILED(Severity.ERROR, "Job %s failed", "Job %s succeeds again"),
    JOB_MISSED(Severity.WARNING, "Job %s missed its start", "Job %s starts on time again"),
    STALE_SOURCE(Severity.ERROR, "%s has no good backup within its RPO", "%s has a fresh good backup again"),
    STORAGE_LOW(Severity.WARNING, "Storage target %s is low on space", "Storage target %s has space again"),
    STORAGE_UNREACHABLE(Severity.ERROR, "Storage target %s is unreachable",
            "Storage target %s is reachable again"),
    /** A scheduled job's attempt failed for a passing reason and will be tried again: recorded, never sent. */
    JOB_RETRYING(Severity.WARNING, "Job %s will be retried", null),
    DAEMON_STARTED(Severity.INFO, "Lifeboat daemon started on %s", null),
    DAEMON_STOPPED(Severity.INFO, "Lifeboat daemon stopped on %s", null),
    DAILY_DIGEST(Severity.INFO, "Lifeboat daily report for %s", null),
    /** The daemon's daily re-check found the audit chain broken (or could not write its checkpoint). */
    AUDIT_FAILED(Severity.ERROR, "Audit log check failed: %s", "Audit log is intact again: %s"),
    /** The monthly backup report for auditors; route it to their channel with a rule for this event. */
    AUDIT_REPORT(Severity.INFO, "Lifeboat backup report for auditors: %s", null);

    private final Severity severity;
    private final String problemSubject;
    private final String recoverySubject;

    EventType(Severity severity, String problemSubject, String recoverySubject) {
        this.severity = severity;
        this.problemSubject = problemSubject;
        this.recoverySubject = recoverySubject;
    }

    /** The severity events of this type carry unless the raiser says otherwise. */
    public Severity severity() {
        return severity;
    }

    public String subject(String subject) {
        return String.format(problemSubject, subject);
    }

    /** The subject of the "it is over" notice; only for problem types. */
    public String recoverySubject(String subject) {
        return String.format(recoverySubject == null ? problemSubject : recoverySubject, subject);
    }

    public static Optional<EventType> of(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(EventType::label).toList();
    }

    @Override
    public String toString() {
        return label();
    }
}
