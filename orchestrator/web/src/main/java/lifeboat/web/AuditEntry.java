package lifeboat.web;

import java.time.Instant;

/** One line of the auditor's history, whatever its kind. */
public record AuditEntry(Instant at, String kind, String source, String subject, String outcome, String detail) {
    String[] cells() {
        return new String[] {at == null ? "" : at.toString(), kind, source, subject, outcome,
            detail == null ? "" : detail};
    }
}
