package lifeboat.core.audit;

/** The audit log with its actor already known: what services are given to record their outcomes. */
@FunctionalInterface
public interface AuditTrail {
    /** Appends {@code event} to the audit log; never throws. */
    void record(AuditEvent event);

    /** {@link #record(AuditEvent)} of {@link AuditEvent#of(AuditType, String, Object...)}. */
    default void record(AuditType type, String source, Object... namesAndValues) {
        record(AuditEvent.of(type, source, namesAndValues));
    }

    AuditTrail NONE = event -> {
    };
}
