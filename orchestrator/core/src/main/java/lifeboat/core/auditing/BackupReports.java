package lifeboat.core.auditing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.document.Document;
import lifeboat.core.document.DocumentFormat;
import lifeboat.core.document.Documents;
import lifeboat.core.model.BackupStatus;
import lifeboat.core.repo.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Builds the auditors' backup report from the catalog for a period of days (in the notification zone) and writes it
 * as CSV (Apache Commons CSV), JSON, PDF or Markdown (the shared document renderer). Read-only: the same period gives
 * the same report, but for the checkpoint it names.
 */
public final class BackupReports {
    private static final String NONE = "none";

    private final LifeboatConfig config;
    private final BackupStore backups;
    private final VerificationStore verifications;
    private final TrialStore trials;
    private final AuditService audit;
    private final ZoneId zone;
    private final Clock clock;

    public BackupReports(LifeboatConfig config, BackupStore backups, VerificationStore verifications, TrialStore trials,
            AuditService audit, ZoneId zone, Clock clock) {
        this.config = config;
        this.backups = backups;
        this.verifications = verifications;
        this.trials = trials;
        this.audit = audit;
        this.zone = zone;
        this.clock = clock;
    }

    /** The report of {@code from} to {@code to} (both inclusive) for {@code sources} (every source when empty). */
    public BackupReport build(LocalDate from, LocalDate to, List<String> sources) throws SQLException, IOException {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        List<SourceConfig> chosen = new ArrayList<>();
        for (String s : sources) {
            chosen.add(config.source(s).orElseThrow(() -> new IllegalArgumentException("no source named '" + s
                    + "' (configured: " + String.join(", ", config.sources().stream().map(SourceConfig::name).toList())
                    + ")")));
        }
        if (sources.isEmpty()) {
            chosen.addAll(config.sources());
        }
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        List<VerificationRecord> allVerifications = verifications.between(start, now.isAfter(end) ? now : end);
        Map<String, List<VerificationRecord>> verifiedByBackup = new HashMap<>();
        allVerifications.forEach(v -> verifiedByBackup.computeIfAbsent(v.backupId(), k -> new ArrayList<>()).add(v));
        Map<String, List<TrialRecord>> trialsByBackup = new HashMap<>();
        trials.between(start, now.isAfter(end) ? now : end).forEach(t -> trialsByBackup.computeIfAbsent(t.backupId(),
                k -> new ArrayList<>()).add(t));
        List<BackupReport.Day> days = new ArrayList<>();
        List<BackupReport.ExceptionNote> exceptions = new ArrayList<>();
        int total = 0;
        int usable = 0;
        int verifiedCount = 0;
        int trialCount = 0;
        int daysWithBackup = 0;
        for (SourceConfig sc : chosen) {
            List<BackupRecord> all = backups.backups(sc.name()).stream()
                    .filter(b -> b.status() != BackupStatus.RUNNING)
                    .sorted(Comparator.comparing(BackupRecord::startedAt)).toList();
            Map<String, List<CopyRecord>> copies = backups.copiesByBackup(sc.name());
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Instant dayStart = d.atStartOfDay(zone).toInstant();
                Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
                List<BackupRecord> ofDay = all.stream().filter(b -> !b.startedAt().isBefore(dayStart)
                        && b.startedAt().isBefore(dayEnd)).toList();
                Boolean rpoMet = rpoMet(sc, all, dayEnd.isAfter(now) ? now : dayEnd);
                if (ofDay.isEmpty()) {
                    days.add(new BackupReport.Day(d, sc.name(), false, 0, null, NONE, null, 0, null, null, null, null,
                            null, false, false, rpoMet));
                    if (!dayStart.isAfter(now)) {
                        exceptions.add(new BackupReport.ExceptionNote(d, sc.name(), "no backup", "no backup of "
                                + sc.name() + " ran on " + d, nextGood(all, dayEnd)));
                    }
                    continue;
                }
                daysWithBackup++;
                for (BackupRecord b : ofDay) {
                    total++;
                    if (b.status().usable()) {
                        usable++;
                        if (verifiedByBackup.getOrDefault(b.id(), List.of()).stream().anyMatch(VerificationRecord::ok)) {
                            verifiedCount++;
                        }
                        if (trialsByBackup.getOrDefault(b.id(), List.of()).stream().anyMatch(TrialRecord::passed)) {
                            trialCount++;
                        }
                    }
                    if (b.status() == BackupStatus.FAILED) {
                        exceptions.add(new BackupReport.ExceptionNote(d, sc.name(), "backup failed", "backup " + b.id()
                                + " of " + sc.name() + " failed: " + b.error(), nextGood(all, b.startedAt())));
                    }
                    exceptions.addAll(verificationExceptions(d, b, verifiedByBackup.getOrDefault(b.id(), List.of())));
                    exceptions.addAll(trialExceptions(d, b, trialsByBackup.getOrDefault(b.id(), List.of())));
                }
                BackupRecord last = ofDay.get(ofDay.size() - 1);
                Optional<VerificationRecord> v = verifiedByBackup.getOrDefault(last.id(), List.of()).stream()
                        .max(Comparator.comparing(VerificationRecord::finishedAt));
                Optional<TrialRecord> t = trialsByBackup.getOrDefault(last.id(), List.of()).stream()
                        .filter(x -> x.finishedAt() != null).max(Comparator.comparing(TrialRecord::finishedAt));
                boolean offsite = copies.getOrDefault(last.id(), List.of()).stream().filter(CopyRecord::complete)
                        .anyMatch(c -> offsite(c.storage()));
                boolean encrypted = last.details() != null && last.details().contains("\"encryption\"");
                days.add(new BackupReport.Day(d, sc.name(), true, ofDay.size(), last.id(), last.status().label(),
                        last.level().label(), last.storedBytes(), v.map(x -> x.status().label()).orElse(null),
                        v.map(x -> x.mode().label()).orElse(null), v.map(VerificationRecord::finishedAt).orElse(null),
                        t.map(x -> x.status().label()).orElse(null), t.map(x -> x.checks().stream()
                                .filter(TrialRecord.CheckRecord::passed).count() + "/" + x.checks().size()).orElse(null),
                        offsite, encrypted, rpoMet));
                if (Boolean.FALSE.equals(rpoMet)) {
                    exceptions.add(new BackupReport.ExceptionNote(d, sc.name(), "rpo missed", "at the end of " + d
                            + " the newest usable backup of " + sc.name() + " was older than its RPO of "
                            + sc.rpo(), nextGood(all, dayEnd)));
                }
            }
        }
        exceptions.sort(Comparator.comparing(BackupReport.ExceptionNote::date)
                .thenComparing(BackupReport.ExceptionNote::source));
        BackupReport.Checkpoint checkpoint = checkpoint();
        return new BackupReport(from, to, zone.getId(), now, days, new BackupReport.Coverage(total, usable,
                verifiedCount, trialCount, days.size(), daysWithBackup), exceptions, checkpoint);
    }

    private BackupReport.Checkpoint checkpoint() throws SQLException, IOException {
        Optional<Map<String, Object>> cp = audit.latestCheckpoint();
        SigningKey key = audit.key();
        return new BackupReport.Checkpoint(cp.map(m -> ((Number) m.get("seq")).longValue()).orElse(null),
                cp.map(m -> (String) m.get("hash")).orElse(null), cp.map(m -> (String) m.get("signature")).orElse(null),
                key.fingerprint(), key.publicKey());
    }

    /** A copy on a target that is not on this machine's disks (anything but the {@code local} type). */
    private boolean offsite(String storage) {
        return config.target(storage).map(TargetConfig::type).map(t -> !t.equals("local")).orElse(false);
    }

    private static Boolean rpoMet(SourceConfig sc, List<BackupRecord> all, Instant at) {
        if (sc.rpo() == null) {
            return null;
        }
        Optional<BackupRecord> latest = all.stream().filter(b -> b.status().usable() && b.finishedAt() != null
                && !b.finishedAt().isAfter(at)).max(Comparator.comparing(BackupRecord::finishedAt));
        return latest.isPresent() && Duration.between(latest.get().finishedAt(), at).compareTo(sc.rpo()) <= 0;
    }

    /** The first usable backup after {@code after}, as what was done; or that nothing was yet. */
    private static String nextGood(List<BackupRecord> all, Instant after) {
        return all.stream().filter(b -> b.status().usable() && b.startedAt().isAfter(after)).findFirst()
                .map(b -> "next good backup " + b.id() + " (" + b.status().label() + ") at " + b.finishedAt())
                .orElse("nothing yet");
    }

    private static List<BackupReport.ExceptionNote> verificationExceptions(LocalDate d, BackupRecord b,
            List<VerificationRecord> vs) {
        List<BackupReport.ExceptionNote> out = new ArrayList<>();
        for (VerificationRecord v : vs) {
            if (v.ok()) {
                continue;
            }
            String done = vs.stream().filter(x -> x.ok() && x.storage().equals(v.storage())
                    && x.startedAt().isAfter(v.startedAt())).findFirst()
                    .map(x -> "verified ok again at " + x.finishedAt() + " (verification " + x.id() + ")")
                    .orElse("nothing yet");
            out.add(new BackupReport.ExceptionNote(d, b.source(), "verification " + v.status().label(),
                    "verification " + v.id() + " (" + v.mode().label() + ") of backup " + b.id() + " on "
                            + v.storage() + " at " + v.finishedAt() + ": " + v.findings() + " findings", done));
        }
        return out;
    }

    private static List<BackupReport.ExceptionNote> trialExceptions(LocalDate d, BackupRecord b, List<TrialRecord> ts) {
        List<BackupReport.ExceptionNote> out = new ArrayList<>();
        for (TrialRecord t : ts) {
            if (t.passed() || t.finishedAt() == null) {
                continue;
            }
            String done = ts.stream().filter(x -> x.passed() && x.startedAt().isAfter(t.startedAt())).findFirst()
                    .map(x -> "trial restore " + x.id() + " passed at " + x.finishedAt()).orElse("nothing yet");
            out.add(new BackupReport.ExceptionNote(d, b.source(), "trial restore " + t.status().label(),
                    "trial restore " + t.id() + " of backup " + b.id() + ": " + t.error(), done));
        }
        return out;
    }

    /** The report in {@code format}. */
    public static byte[] render(BackupReport r, ReportFormat format) throws IOException {
        if (format == ReportFormat.JSON) {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(r);
        }
        if (format == ReportFormat.CSV) {
            return csv(r);
        }
        return Documents.render(document(r), format == ReportFormat.PDF ? DocumentFormat.PDF : DocumentFormat.MD);
    }

    static final List<String> COLUMNS = List.of("date", "source", "ran", "runs", "backup", "outcome", "level",
            "stored_bytes", "verified", "verify_mode", "verified_at", "trial_restore", "trial_checks",
            "copied_offsite", "encrypted", "rpo_met");

    private static List<String> cells(BackupReport.Day d) {
        return List.of(d.date().toString(), d.source(), yes(d.ran()), String.valueOf(d.runs()), text(d.backup()),
                d.outcome(), text(d.level()), String.valueOf(d.storedBytes()), text(d.verified()),
                text(d.verifyMode()), d.verifiedAt() == null ? "" : d.verifiedAt().toString(), text(d.trial()),
                text(d.trialChecks()), yes(d.copiedOffsite()), yes(d.encrypted()),
                d.rpoMet() == null ? "n/a" : yes(d.rpoMet()));
    }

    private static byte[] csv(BackupReport r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setCommentMarker('#').get())) {
            p.printComment("Lifeboat backup report " + r.from() + " to " + r.to() + " (" + r.zone() + "), made "
                    + r.generatedAt());
            p.printComment(coverageLine(r.coverage()));
            p.printComment(checkpointLine(r.checkpoint()));
            p.printRecord(COLUMNS);
            for (BackupReport.Day d : r.days()) {
                p.printRecord(cells(d));
            }
            for (BackupReport.ExceptionNote e : r.exceptions()) {
                p.printComment("exception " + e.date() + " " + e.source() + " [" + e.kind() + "] " + e.what()
                        + " -- done: " + e.resolution());
            }
        }
        return bytes.toByteArray();
    }

    static String coverageLine(BackupReport.Coverage c) {
        return "coverage: " + c.daysWithBackup() + " of " + c.days() + " source-days had a backup; " + c.verified()
                + " of " + c.usable() + " usable backups verified (" + c.verifiedPercent() + "%), " + c.trialRestored()
                + " trial-restored; " + (c.backups() - c.usable()) + " failed";
    }

    static String checkpointLine(BackupReport.Checkpoint cp) {
        return cp.seq() == null ? "audit chain: no checkpoint yet; signing key " + cp.keyFingerprint()
                : "audit checkpoint: entry " + cp.seq() + ", hash " + cp.hash() + ", signature " + cp.signature()
                        + ", key " + cp.keyFingerprint();
    }

    /** The report as a printable document. */
    public static Document document(BackupReport r) {
        Document.Builder b = Document.builder("Backup report " + r.from() + " to " + r.to())
                .subtitle("Lifeboat: per source and day, made " + r.generatedAt() + " (days in " + r.zone() + ")");
        b.heading("Coverage").paragraph(coverageLine(r.coverage()));
        b.heading("Backups by source and day");
        List<List<String>> rows = new ArrayList<>();
        for (BackupReport.Day d : r.days()) {
            rows.add(List.of(d.date().toString(), d.source(), d.outcome() + (d.runs() > 1 ? " (" + d.runs() + " runs)"
                    : ""), text(d.level()), d.ran() ? String.valueOf(d.storedBytes()) : "",
                    d.verified() == null ? (d.ran() ? "no" : "") : d.verified() + " (" + d.verifyMode() + ")",
                    d.trial() == null ? (d.ran() ? "no" : "") : d.trial() + " " + d.trialChecks(),
                    d.ran() ? yes(d.copiedOffsite()) : "", d.ran() ? yes(d.encrypted()) : "",
                    d.rpoMet() == null ? "n/a" : yes(d.rpoMet())));
        }
        b.table(List.of("Date", "Source", "Outcome", "Level", "Stored bytes", "Verified", "Trial restore", "Offsite",
                "Encrypted", "RPO met"), rows);
        b.heading("Exceptions");
        if (r.exceptions().isEmpty()) {
            b.paragraph("None.");
        } else {
            b.table(List.of("Date", "Source", "Exception", "What happened", "What was done"), r.exceptions().stream()
                    .map(e -> List.of(e.date().toString(), e.source(), e.kind(), e.what(), e.resolution())).toList());
        }
        b.heading("Audit chain");
        b.paragraph("Check this report against the audit log (lifeboat audit verify): the checkpoint below is signed"
                + " with the installation's Ed25519 key.");
        b.field("Checkpoint entry", r.checkpoint().seq() == null ? "none yet" : String.valueOf(r.checkpoint().seq()));
        b.field("Hash", text(r.checkpoint().hash()));
        b.field("Signature", text(r.checkpoint().signature()));
        b.field("Key fingerprint", r.checkpoint().keyFingerprint());
        b.field("Public key (Ed25519, X.509, Base64)", r.checkpoint().publicKey());
        return b.build();
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
