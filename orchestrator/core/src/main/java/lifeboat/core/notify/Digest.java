package lifeboat.core.notify;

import lifeboat.core.model.EventType;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.Sizes;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.config.SourceConfig;
import lifeboat.spi.Notice;

/**
 * The daily report for IT: what needs attention first, then each source's backups and jobs of the period, what was
 * verified and trial-restored, which sources are stale, and the free space of every storage target.
 */
public final class Digest {
    private final Lifeboat lifeboat;
    private final Clock clock;

    public Digest(Lifeboat lifeboat, Clock clock) {
        this.lifeboat = lifeboat;
        this.clock = clock;
    }

    /** The report on [from, to). */
    public Notice build(Instant from, Instant to) throws SQLException {
        ZoneId zone = lifeboat.config().notifications().zone();
        var catalog = lifeboat.catalog();
        List<String> attention = new ArrayList<>();
        StringBuilder body = new StringBuilder();

        Map<String, List<BackupRecord>> backups = new LinkedHashMap<>();
        lifeboat.config().sources().forEach(s -> backups.put(s.name(), new ArrayList<>()));
        for (BackupRecord b : catalog.backupsBetween(from, to)) {
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
                String status = b.status().label();
                perSource.append("    ").append(status.equals("failed") ? "FAILED" : status).append(' ')
                        .append(b.level().label()).append(' ').append(b.id()).append(" at ")
                        .append(Texts.time(b.startedAt(), zone)).append(", ").append(b.files()).append(" files, ")
                        .append(Sizes.text(b.storedBytes())).append(" stored");
                if (b.error() != null) {
                    perSource.append(": ").append(firstLine(b.error()));
                }
                perSource.append('\n');
                if (status.equals("failed")) {
                    attention.add("backup " + b.id() + " of " + source + " failed: " + firstLine(b.error()));
                } else if (status.equals("partial")) {
                    attention.add("backup " + b.id() + " of " + source + " is only partial");
                }
            }
        });

        StringBuilder jobs = new StringBuilder();
        for (JobRunRecord r : catalog.runs(from)) {
            if (!r.startedAt().isBefore(to) || r.status().equals("retrying")) {
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
            if (r.status().equals("failed") || r.status().equals("interrupted")) {
                attention.add("job " + r.job() + " on " + r.source() + " " + r.status() + ": " + firstLine(r.error()));
            }
        }

        StringBuilder verified = new StringBuilder();
        for (VerificationRecord v : catalog.verificationsBetween(from, to)) {
            String source = catalog.backup(v.backupId()).map(BackupRecord::source).orElse("?");
            verified.append("  ").append(source).append(' ').append(v.backupId()).append(" on ").append(v.storage())
                    .append(" (").append(v.mode()).append("): ").append(v.status().equals("ok") ? "ok" : "FAILED, "
                            + v.findings() + " finding(s)").append(", ").append(v.objectsChecked()).append(" objects, ")
                    .append(Sizes.text(v.bytesRead())).append(" read\n");
            if (!v.status().equals("ok")) {
                attention.add("verification of " + source + " backup " + v.backupId() + " on " + v.storage()
                        + " found " + v.findings() + " problem(s)");
            }
        }

        StringBuilder trials = new StringBuilder();
        for (TrialRecord t : catalog.trialsBetween(from, to)) {
            trials.append("  ").append(t.source()).append(' ').append(t.backupId()).append(": ").append(t.status())
                    .append(t.durationMs() == null ? "" : " in " + t.durationMs() / 1000 + " s")
                    .append(t.error() == null ? "" : ": " + firstLine(t.error())).append('\n');
            if (t.status().equals("failed")) {
                attention.add("trial restore of " + t.source() + " backup " + t.backupId() + " failed");
            }
        }

        HealthCheck health = new HealthCheck(lifeboat, clock);
        StringBuilder stale = new StringBuilder();
        for (SourceConfig s : lifeboat.config().sources()) {
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
        long min = lifeboat.config().notifications().minFreeBytes();
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

        long undelivered = 0;
        for (NotificationRecord n : catalog.outbox().since(from)) {
            if (n.state().equals("expired") || (n.state().equals("pending") && n.attempts() > 0)) {
                undelivered++;
            }
        }
        if (undelivered > 0) {
            attention.add(undelivered + " notification(s) of this period could not be delivered: see lifeboat"
                    + " notifications");
        }

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

        String day = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(to.atZone(zone));
        String subject = EventType.DAILY_DIGEST.subject(day) + ": " + (attention.isEmpty() ? "all good"
                : attention.size() + (attention.size() == 1 ? " problem" : " problems"));
        return new Notice("info", EventType.DAILY_DIGEST.label(), attention.isEmpty() ? "info" : "warning", null, null,
                clock.instant(), subject, body.toString(), attention.isEmpty() ? null
                        : "deal with the problems listed first; lifeboat jobs, lifeboat list and lifeboat notifications"
                                + " show the details");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
