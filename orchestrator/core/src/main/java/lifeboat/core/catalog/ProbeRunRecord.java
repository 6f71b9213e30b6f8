package lifeboat.core.catalog;

import java.time.Duration;
import java.time.Instant;
import lifeboat.core.model.ProbeRunKind;
import lifeboat.core.model.ProbeStatus;

/**
 * One stored probe run or functional check of a system, for IT and the incident report (never for the school).
 *
 * @param windowId the monitoring window it ran in, or null (after a restart)
 * @param probe what was checked, e.g. {@code http https://sis/health expecting 200}
 */
public record ProbeRunRecord(long id, long incidentId, Long windowId, ProbeRunKind kind, String system, String probe,
        Instant at, ProbeStatus status, String detail, Duration took) {
}
