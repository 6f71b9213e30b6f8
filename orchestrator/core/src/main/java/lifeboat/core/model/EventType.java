package lifeboat.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What Lifeboat tells people about; the names are the config's {@code notifications.rules[].events}. A problem type
 * has a subject for when it happens and one for when it is over ("healthy again"); the others are one-off notices.
 */
public enum EventType {
    BACKUP_FAILED("backup-failed", "error", "Backup of %s failed", "Backups of %s are healthy again"),
    BACKUP_PARTIAL("backup-partial", "warning", "Backup of %s is only partial", "Backups of %s are whole again"),
    VERIFY_FAILED("verify-failed", "error", "Verification of %s failed", "Verification of %s passes again"),
    TRIAL_RESTORE_FAILED("trial-restore-failed", "error", "Trial restore of %s failed",
            "Trial restores of %s pass again"),
    COPY_FAILED("copy-failed", "error", "Copy of %s failed", "Copies of %s succeed again"),
    JOB_FAILED("job-failed", "error", "Job %s failed", "Job %s succeeds again"),
    JOB_MISSED("job-missed", "warning", "Job %s missed its start", "Job %s starts on time again"),
    STALE_SOURCE("stale-source", "error", "%s has no good backup within its RPO", "%s has a fresh good backup again"),
    STORAGE_LOW("storage-low", "warning", "Storage target %s is low on space", "Storage target %s has space again"),
    STORAGE_UNREACHABLE("storage-unreachable", "error", "Storage target %s is unreachable",
            "Storage target %s is reachable again"),
    DAEMON_STARTED("daemon-started", "info", "Lifeboat daemon started on %s", null),
    DAEMON_STOPPED("daemon-stopped", "info", "Lifeboat daemon stopped on %s", null),
    DAILY_DIGEST("daily-digest", "info", "Lifeboat daily report for %s", null);

    private final String label;
    private final String severity;
    private final String problemSubject;
    private final String recoverySubject;

    EventType(String label, String severity, String problemSubject, String recoverySubject) {
        this.label = label;
        this.severity = severity;
        this.problemSubject = problemSubject;
        this.recoverySubject = recoverySubject;
    }

    public String label() {
        return label;
    }

    /** The severity events of this type carry unless the raiser says otherwise. */
    public String severity() {
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
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(EventType::label).toList();
    }

    @Override
    public String toString() {
        return label;
    }
}
