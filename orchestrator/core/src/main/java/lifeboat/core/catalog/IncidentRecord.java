package lifeboat.core.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.NotificationState;
import lifeboat.core.model.ReportedVia;
import lifeboat.core.model.SystemStatus;
import lifeboat.core.model.TimelineKind;

/**
 * A stored incident with everything on its record: the status history of each affected system, the timeline, the
 * messages sent, the linked recovery runs and the preventive actions.
 *
 * @param eta when IT expects the affected systems back, or null
 * @param etaBasis how that time was reached (the measured trial durations, or "given by IT"), or null
 * @param forced the reason resolve was forced past its blockers, or null
 */
public record IncidentRecord(long id, String title, IncidentSeverity severity, IncidentState state,
        String reportedBy, ReportedVia reportedVia, boolean drill, String cause, Instant eta, String etaBasis,
        Instant openedAt, String openedBy, Instant resolvedAt, String resolution, String forced,
        List<StatusChange> statusChanges, List<Update> timeline, List<Message> messages, List<Long> recoveryRuns,
        List<Action> actions) {
    public IncidentRecord {
        statusChanges = List.copyOf(statusChanges);
        timeline = List.copyOf(timeline);
        messages = List.copyOf(messages);
        recoveryRuns = List.copyOf(recoveryRuns);
        actions = List.copyOf(actions);
    }

    /** The affected systems, in the order they were named. */
    public List<String> systems() {
        return statusChanges.stream().map(StatusChange::system).distinct().toList();
    }

    /** A system's status now. */
    public Optional<SystemStatus> status(String system) {
        SystemStatus s = null;
        for (StatusChange c : statusChanges) {
            if (c.system().equals(system)) {
                s = c.status();
            }
        }
        return Optional.ofNullable(s);
    }

    /** One status an affected system was given, and when. */
    public record StatusChange(String system, Instant at, SystemStatus status) {
    }

    /** One entry of the timeline; {@code notified} lists the audiences it was sent to. */
    public record Update(long id, Instant at, String author, IncidentState state, TimelineKind kind, String message,
            List<Audience> notified) {
        public Update {
            notified = List.copyOf(notified);
        }
    }

    /** A message put in the outbox for one channel of an audience, and how its delivery stands. */
    public record Message(long updateId, Audience audience, String channel, long notificationId, String subject,
            Instant createdAt, NotificationState delivery, Instant sentAt) {
    }

    /** What the plan expected of a source when a linked recovery run started. */
    public record Expected(long runId, String source, int priority, Long expectedMs) {
    }

    /** A preventive measure (policy 7 and 8), numbered from 1 within its incident. */
    public record Action(int number, String text, String owner, LocalDate due, Instant addedAt,
            Instant doneAt) {
        public boolean done() {
            return doneAt != null;
        }
    }
}
