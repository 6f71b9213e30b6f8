package lifeboat.core.auditing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.YearMonth;
import java.util.List;
import lifeboat.core.audit.Actor;
import lifeboat.core.audit.AuditEvent;
import lifeboat.core.audit.AuditLog;
import lifeboat.core.audit.AuditType;
import lifeboat.core.events.Alert;
import lifeboat.core.model.EventType;
import lifeboat.core.notify.Alerts;
import lifeboat.spi.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's daily audit duties: checkpoint the chain to every storage target, re-check it (a break raises
 * {@code audit-failed}; a target that could not take the checkpoint is logged, as the health checks report it), and on the first day of a month send last month's
 * backup report as an {@code audit-report} notice (once per month, however many daemons share the catalog), which a
 * rule routes to the auditors' channel.
 */
public final class AuditRound {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRound.class);
    private static final String ABOUT = "audit log";

    private final AuditService audit;
    private final BackupReports reports;
    private final Alerts alerts;
    private final AuditLog log;
    private final ZoneId zone;
    private final Clock clock;

    public AuditRound(AuditService audit, BackupReports reports, Alerts alerts, AuditLog log, ZoneId zone,
            Clock clock) {
        this.audit = audit;
        this.reports = reports;
        this.alerts = alerts;
        this.log = log;
        this.zone = zone;
        this.clock = clock;
    }

    /** Runs the day's duties as {@code actor}; never throws (what fails is raised as an alert and logged). */
    public void daily(Actor actor) {
        try {
            CheckpointResult cp = audit.checkpoint(actor, null);
            Verification v = audit.verify(actor, null);
            String key = Alert.keyOf(EventType.AUDIT_FAILED, ABOUT);
            if (!v.intact()) {
                alerts.raise(new Alert(EventType.AUDIT_FAILED, EventType.AUDIT_FAILED.severity(), ABOUT, null, null,
                        "the audit chain is broken: " + v.firstBreak().describe(), "find out who changed the catalog"
                                + " (lifeboat audit verify, lifeboat audit log); the checkpoints on storage keep the"
                                + " history as it was", key));
            } else if (!cp.ok() || !v.complete()) {
                // an unreachable target is reported by the health checks already (storage-unreachable)
                LOG.warn("audit checkpoint {} not written to {}; unreadable targets: {}", cp.seq(), cp.failed(),
                        v.targets().stream().filter(t -> t.error() != null).map(t -> t.target() + ": " + t.error())
                                .toList());
            } else {
                alerts.resolve(EventType.AUDIT_FAILED, ABOUT, key, "the audit chain is intact (" + v.entries()
                        + " entries) and checkpointed to " + String.join(", ", cp.written()));
            }
            monthly(actor);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.error("the daily audit round failed: {}", e.toString());
            alerts.raise(new Alert(EventType.AUDIT_FAILED, EventType.AUDIT_FAILED.severity(), ABOUT, null, null,
                    "the daily audit check failed: " + e.getMessage(), "run lifeboat audit verify",
                    Alert.keyOf(EventType.AUDIT_FAILED, ABOUT)));
        }
    }

    /** On the first of a month, last month's report, once. */
    void monthly(Actor actor) throws IOException, SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (today.getDayOfMonth() != 1) {
            return;
        }
        YearMonth month = YearMonth.from(today.minusDays(1));
        BackupReport r = reports.build(month.atDay(1), month.atEndOfMonth(), List.of());
        String text = new String(BackupReports.render(r, ReportFormat.MD), StandardCharsets.UTF_8);
        Notice n = new Notice(Notice.Kind.INFO, EventType.AUDIT_REPORT.label(), EventType.AUDIT_REPORT.severity(),
                null, "report " + month, clock.instant(), EventType.AUDIT_REPORT.subject(month.toString()), text,
                null);
        if (alerts.notice(n, "audit-report:" + month)) {
            log.append(actor, AuditEvent.of(AuditType.REPORT, null, "month", month.toString(), "channels",
                    alerts.channelsFor(n), "exceptions", r.exceptions().size(), "checkpoint",
                    r.checkpoint().seq()));
        }
    }
}
