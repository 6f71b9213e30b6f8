package lifeboat.core.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.AuditRecord;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.catalog.JobRunStore;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.model.EventType;
import lifeboat.core.model.NotificationState;
import lifeboat.core.model.RunStatus;
import lifeboat.core.model.Sizes;
import lifeboat.core.model.TrialStatus;
import lifeboat.core.model.VerifyStatus;
import lifeboat.core.plugins.Sources;
import lifeboat.core.repo.Json;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;

/**
 * The daily report for IT: what needs attention first, then each source's backups and jobs of the period, what was
 * verified and trial-restored, which sources are stale, and the free space of every storage target.
 */
public final class Digest {
    private final Sources sources;
    private final BackupStore backupStore;
    private final JobRunStore runs;
    private final VerificationStore verifications;
    private final TrialStore trialStore;
    private final EventStore events;
    private final HealthCheck health;
    private final NotificationsConfig config;
    private final Clock clock;
    private final List<DigestSection> sections;
    private final AuditStore audit;

    /** @param sections parts other services add (the crash policy's review and preventive measures) */
    public Digest(Sources sources, BackupStore backups, JobRunStore runs, VerificationStore verifications,
            TrialStore trials, EventStore events, HealthCheck health, NotificationsConfig config, Clock clock,
            AuditStore audit, List<DigestSection> sections) {
        this.sections = List.copyOf(sections);
        this.audit = audit;
        this.sources = sources;
        this.backupStore = backups;
        this.runs = runs;
        this.verifications = verifications;
        this.trialStore = trials;
        this.events = events;
        this.health = health;
        this.config = config;
        this.clock = clock;
    }

    /** The report on [from, to). */
    public Notice build(Instant from, Instant to) throws SQLException {
        ZoneId zone = config.zone();
        List<String> attention = new ArrayList<>();
        StringBuilder body = new StringBuilder();

        Map<String, List<BackupRecord>> backups = new LinkedHashMap<>();
        sources.all().forEach(s -> backups.put(s.name(), new ArrayList<>()));
        for (BackupRecord b : backupStore.backupsBetween(from, to)) {
            backups.computeIfAbsent(b.source(), k -> new ArrayList<>()).add(b);
        }
        StringBuilder perSource = new StringBuilder();
        backups.forEach((source, list) -> {
            perSource.append("  ").append(source).append(":");
            if (list.isEmpty()) {
                perSource.append(" no backup in this period\n");
                return;
            }
            perSource.append('\n');
            for (BackupRecord b : list) {
                BackupStatus status = b.status();
                perSource.append("    ").append(status == BackupStatus.FAILED ? "FAILED" : status.label()).append(' ')
                        .append(b.level().label()).append(' ').append(b.id()).append(" at ")
                        .append(Texts.time(b.startedAt(), zone)).append(", ").append(b.files()).append(" files, ")
                        .append(Sizes.text(b.storedBytes())).append(" stored");
                if (b.error() != null) {
                    perSource.append(": ").append(firstLine(b.error()));
                }
                perSource.append('\n');
                if (status == BackupStatus.FAILED) {
                    attention.add("backup " + b.id() + " of " + source + " failed: " + firstLine(b.error()));
                } else if (status == BackupStatus.PARTIAL) {
                    attention.add("backup " + b.id() + " of " + source + " is only partial");
                }
            }
        });

        StringBuilder jobs = new StringBuilder();
        for (JobRunRecord r : runs.since(from)) {
            if (!r.startedAt().isBefore(to) || r.status() == RunStatus.RETRYING) {
                continue;
            }
            jobs.append("  ").append(r.job()).append(" (").append(r.action()).append(") on ")
                    .append(r.source() == null ? "-" : r.source()).append(": ").append(r.status())
                    .append(", scheduled ").append(Texts.time(r.scheduledAt(), zone)).append(", started ")
                    .append(Texts.time(r.startedAt(), zone)).append(r.attempt() > 1 ? ", attempt " + r.attempt() : "");
            if (r.error() != null) {
                jobs.append(": ").append(firstLine(r.error()));
            }
            jobs.append('\n');
            if (r.lateReason() != null) {
                jobs.append("    late: ").append(r.lateReason()).append('\n');
            }
            if (r.status() == RunStatus.FAILED || r.status() == RunStatus.INTERRUPTED) {
                attention.add("job " + r.job() + " on " + r.source() + " " + r.status() + ": " + firstLine(r.error()));
            }
        }

        StringBuilder verified = new StringBuilder();
        for (VerificationRecord v : verifications.between(from, to)) {
            String source = backupStore.backup(v.backupId()).map(BackupRecord::source).orElse("?");
            verified.append("  ").append(source).append(' ').append(v.backupId()).append(" on ").append(v.storage())
                    .append(" (").append(v.mode()).append("): ").append(v.ok() ? "ok"
                            : v.status() == VerifyStatus.KEY_MISMATCH ? "KEY MISMATCH (the age identity does not fit)"
                            : "FAILED, " + v.findings() + " finding(s)").append(", ").append(v.objectsChecked()).append(" objects, ")
                    .append(Sizes.text(v.bytesRead())).append(" read\n");
            if (v.status() == VerifyStatus.KEY_MISMATCH) {
                attention.add("verification of " + source + " backup " + v.backupId() + " on " + v.storage()
                        + " could not decrypt it: the configured age identity does not match its recipients");
            } else if (!v.ok()) {
                attention.add("verification of " + source + " backup " + v.backupId() + " on " + v.storage()
                        + " found " + v.findings() + " problem(s)");
            }
        }

        StringBuilder trials = new StringBuilder();
        for (TrialRecord t : trialStore.between(from, to)) {
            trials.append("  ").append(t.source()).append(' ').append(t.backupId()).append(": ").append(t.status())
                    .append(t.durationMs() == null ? "" : " in " + t.durationMs() / 1000 + " s")
                    .append(t.error() == null ? "" : ": " + firstLine(t.error())).append('\n');
            if (t.status() == TrialStatus.FAILED) {
                attention.add("trial restore of " + t.source() + " backup " + t.backupId() + " failed");
            }
        }

        StringBuilder stale = new StringBuilder();
        for (SourceConfig s : sources.all()) {
            if (s.rpoLimit().isEmpty()) {
                continue;
            }
            HealthCheck.Staleness st = health.staleness(s);
            if (st.stale()) {
                stale.append("  ").append(st.message()).append('\n');
                attention.add(s.name() + " is stale: " + st.message());
            }
        }

        StringBuilder space = new StringBuilder();
        long min = config.minFreeBytes();
        for (HealthCheck.TargetSpace t : health.space()) {
            space.append("  ").append(t.target()).append(": ");
            if (t.error() != null) {
                space.append("UNREACHABLE: ").append(firstLine(t.error()));
                attention.add("storage target " + t.target() + " is unreachable");
            } else if (t.freeBytes() < 0) {
                space.append("free space unknown (the target cannot tell)");
            } else {
                space.append(Sizes.text(t.freeBytes())).append(" free");
                if (t.freeBytes() < min) {
                    space.append(" (LOW: below ").append(Sizes.text(min)).append(')');
                    attention.add("storage target " + t.target() + " is low on space");
                }
            }
            space.append('\n');
        }

        StringBuilder extra = new StringBuilder();
        for (DigestSection section : sections) {
            DigestSection.Part part = section.build(to);
            if (part != null) {
                extra.append('\n').append(part.title()).append(":\n");
                part.lines().forEach(l -> extra.append("  ").append(l).append('\n'));
                attention.addAll(part.attention());
            }
        }

        long undelivered = 0;
        for (NotificationRecord n : events.notificationsSince(from)) {
            if (n.state() == NotificationState.EXPIRED || (n.state() == NotificationState.PENDING && n.attempts() > 0)) {
                undelivered++;
            }
        }
        if (undelivered > 0) {
            attention.add(undelivered + " notification(s) of this period could not be delivered: see lifeboat"
                    + " notifications");
        }

        String auditLine = auditLine(to, zone, attention);
        body.append("Lifeboat report for ").append(Texts.time(from, zone)).append(" to ").append(Texts.time(to, zone))
                .append("\n\n");
        if (attention.isEmpty()) {
            body.append("Nothing needs attention.\n");
        } else {
            body.append("Needs attention (").append(attention.size()).append("):\n");
            attention.forEach(a -> body.append("  - ").append(a).append('\n'));
        }
        body.append("\nBackups per source:\n").append(perSource);
        body.append("\nScheduled jobs:\n").append(jobs.length() == 0 ? "  none ran\n" : jobs);
        body.append("\nVerified:\n").append(verified.length() == 0 ? "  nothing\n" : verified);
        body.append("\nTrial restores:\n").append(trials.length() == 0 ? "  none\n" : trials);
        body.append("\nStale sources (no good backup within their RPO):\n").append(stale.length() == 0 ? "  none\n" : stale);
        body.append("\nFree space per storage target:\n").append(space.length() == 0 ? "  no targets\n" : space);
        body.append("\nAudit chain:\n  ").append(auditLine).append('\n');
        body.append(extra);

        String day = DateTimeFormatter.ISO_LOCAL_DATE.format(to.atZone(zone));
        String subject = EventType.DAILY_DIGEST.subject(day) + ": " + (attention.isEmpty() ? "all good"
                : attention.size() + (attention.size() == 1 ? " problem" : " problems"));
        return new Notice(Notice.Kind.INFO, EventType.DAILY_DIGEST.label(), attention.isEmpty() ? Severity.INFO
                : Severity.WARNING, null, null,
                clock.instant(), subject, body.toString(), attention.isEmpty() ? null
                        : "deal with the problems listed first; lifeboat jobs, lifeboat list and lifeboat notifications"
                                + " show the details");
    }

    /** Tells each section that the digest for the period ending {@code to} went out. */
    public void sent(Instant to) {
        sections.forEach(s -> s.digestSent(to));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** When the audit chain was last verified and how it stood; a broken or long-unverified chain needs attention. */
    private String auditLine(Instant to, ZoneId zone, List<String> attention) {
        try {
            Optional<AuditRecord> last = audit.latest(AuditType.AUDIT_VERIFIED.label());
            if (last.isEmpty()) {
                return "never verified (lifeboat audit verify)";
            }
            JsonNode event = Json.MAPPER.readTree(last.get().entry()).path("event");
            boolean intact = event.path("intact").asBoolean(false);
            String line = "last verified " + Texts.time(last.get().at(), zone) + ": " + (intact ? "intact, "
                    + event.path("entries").asLong() + " entries" : "BROKEN: " + event.path("break").asText());
            if (!intact) {
                attention.add("the audit chain is broken: " + event.path("break").asText());
            } else if (last.get().at().isBefore(to.minus(Duration.ofDays(2)))) {
                attention.add("the audit chain was last verified " + Texts.time(last.get().at(), zone));
            }
            return line;
        } catch (SQLException | IOException e) {
            return "cannot read the audit log: " + e.getMessage();
        }
    }
}
