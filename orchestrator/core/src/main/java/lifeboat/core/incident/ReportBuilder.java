package lifeboat.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.MonitorWindowRecord;
import lifeboat.core.catalog.ProbeRunRecord;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.Durations;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.document.Document;
import lifeboat.core.model.Audience;
import lifeboat.core.model.SystemStatus;
import lifeboat.core.model.TimelineKind;
import lifeboat.core.recover.RecoveryService;

/**
 * The incident report (policy 7), built from the record alone: summary, how it was reported, the affected systems
 * and how long each was down, the cause, the whole timeline, the recovery steps with their times, the data lost per
 * source, recovery times against the plan and the RPO, the monitoring results, the messages sent and to whom, and
 * the preventive measures.
 */
final class ReportBuilder {
    private final LifeboatConfig config;
    private final MessageContext times;

    ReportBuilder(LifeboatConfig config, MessageContext times) {
        this.config = config;
        this.times = times;
    }

    /** What the report is built from. */
    record Input(IncidentRecord incident, List<RecoveryService.Result> runs, List<IncidentRecord.Expected> expected,
            Optional<MonitorWindowRecord> window, List<ProbeRunRecord> checks, Instant now) {
    }

    Document build(Input in) {
        IncidentRecord i = in.incident();
        CrashPolicyConfig policy = config.crashPolicy();
        Instant end = i.resolvedAt() != null ? i.resolvedAt() : in.now();
        Document.Builder d = Document.builder((i.drill() ? "Drill report " : "Incident report ") + i.id() + ": "
                + i.title()).subtitle("Prepared by Lifeboat from the incident record, " + times.stamp(in.now())
                        + (i.drill() ? ". DRILL: a training exercise (policy 8), not a real incident." : ""));

        d.heading("Summary");
        d.field("Incident", String.valueOf(i.id()));
        d.field("Title", i.title());
        d.field("Severity", i.severity().label());
        d.field("State", i.state().label());
        d.field("Opened", times.stamp(i.openedAt()));
        d.field("Resolved", i.resolvedAt() == null ? "not yet" : times.stamp(i.resolvedAt()));
        d.field("Duration", text(Duration.between(i.openedAt(), end)) + (i.resolvedAt() == null ? " so far" : ""));
        d.field("Affected systems", String.join(", ", i.systems().stream().map(s -> title(policy, s)).toList()));
        if (i.resolution() != null) {
            d.field("Resolution", i.resolution());
        }
        if (i.forced() != null) {
            d.field("Resolved with --force", i.forced());
        }

        d.heading("How it was reported");
        d.paragraph("Reported" + (i.reportedBy() == null ? "" : " by " + i.reportedBy())
                + (i.reportedVia() == null ? "" : " via " + i.reportedVia().label()) + " on "
                + times.stamp(i.openedAt()) + "; recorded by " + i.openedBy() + ".");

        d.heading("Affected systems and down time");
        List<List<String>> rows = new ArrayList<>();
        for (String s : i.systems()) {
            Down down = down(i, s, end);
            rows.add(List.of(title(policy, s) + " (" + s + ")", times.stamp(down.from()),
                    down.back() == null ? "still down" : times.stamp(down.back()), text(down.total()),
                    i.status(s).map(SystemStatus::label).orElse("-")));
        }
        d.table(List.of("System", "Down from", "Back", "Down for", "Status at the end"), rows);

        d.heading("Cause");
        d.paragraph(i.cause() == null ? "Not recorded." : i.cause());

        d.heading("Timeline");
        d.paragraph("Every entry: when, what kind, the state the incident was in, who, what, and which audiences were"
                + " told.");
        d.bullets(i.timeline().stream().map(u -> times.stamp(u.at()) + " · " + u.kind().label() + " · "
                + u.state().label() + " · " + u.author() + ": " + u.message() + (u.notified().isEmpty() ? ""
                        : " (told: " + String.join(", ", u.notified().stream().map(Audience::label).toList()) + ")"))
                .toList());

        d.heading("Recovery steps");
        if (in.runs().isEmpty()) {
            d.paragraph("No recovery run was linked to this incident (lifeboat incident recover).");
        }
        for (RecoveryService.Result r : in.runs()) {
            d.subheading("Recovery run " + r.runId() + " of plan " + r.plan() + ": " + r.status().label());
            d.paragraph("Started " + times.stamp(r.startedAt()) + (r.finishedAt() == null ? ", not finished"
                    : ", finished " + times.stamp(r.finishedAt()) + " (" + text(Duration.between(r.startedAt(),
                            r.finishedAt())) + ")") + ".");
            d.table(List.of("Priority", "Source", "Backup", "Started", "Finished", "Took", "Status"),
                    r.steps().stream().map(s -> List.of(String.valueOf(s.priority()), s.source(),
                            s.backup() == null ? "-" : s.backup(), times.stamp(s.startedAt()),
                            times.stamp(s.finishedAt()), s.durationMs() == null ? "-" : ms(s.durationMs()),
                            s.status().label())).toList());
        }

        d.heading("Data lost per source");
        d.paragraph("The data-loss window is the time between the backup restored and the crash (the recovery's"
                + " reference time): work done in it is not in the restored data.");
        List<List<String>> loss = new ArrayList<>();
        for (RecoveryService.Result r : in.runs()) {
            for (RecoveryService.StepOutcome s : r.steps()) {
                Optional<Duration> rpo = config.source(s.source()).flatMap(SourceConfig::rpoLimit);
                loss.add(List.of(s.source(), s.backupStartedAt() == null ? "-" : times.stamp(s.backupStartedAt()),
                        s.dataLossMs() == null ? "-" : ms(s.dataLossMs()), rpo.map(ReportBuilder::text).orElse("none set"),
                        s.dataLossMs() == null || rpo.isEmpty() ? "-"
                                : s.dataLossMs() <= rpo.get().toMillis() ? "within RPO" : "EXCEEDS RPO"));
            }
        }
        if (loss.isEmpty()) {
            d.paragraph("Nothing was restored, so no data was lost to a restore.");
        } else {
            d.table(List.of("Source", "Backup of", "Data-loss window", "RPO", "Verdict"), loss);
        }

        d.heading("Recovery time per system against the plan and the RPO");
        List<List<String>> perSystem = new ArrayList<>();
        for (String s : i.systems()) {
            SystemConfig sc = policy.system(s).orElse(null);
            List<String> sources = sc == null ? List.of() : sc.sources();
            for (RecoveryService.Result r : in.runs()) {
                for (RecoveryService.StepOutcome st : r.steps()) {
                    if (!sources.contains(st.source())) {
                        continue;
                    }
                    Long expected = in.expected().stream().filter(e -> e.runId() == r.runId()
                            && e.source().equals(st.source())).map(IncidentRecord.Expected::expectedMs)
                            .filter(x -> x != null).findFirst().orElse(null);
                    Optional<Duration> rpo = config.source(st.source()).flatMap(SourceConfig::rpoLimit);
                    perSystem.add(List.of(title(policy, s), st.source(), st.recoveryTimeMs() == null ? "not recovered"
                            : ms(st.recoveryTimeMs()), st.durationMs() == null ? "-" : ms(st.durationMs()),
                            expected == null ? "no measured duration" : ms(expected),
                            expected == null || st.durationMs() == null ? "-"
                                    : st.durationMs() <= expected * 3 / 2 ? "as planned" : "slower than planned",
                            rpo.map(ReportBuilder::text).orElse("none set")));
                }
            }
        }
        if (perSystem.isEmpty()) {
            d.paragraph("No system was recovered from backups in a linked recovery run.");
        } else {
            d.table(List.of("System", "Source", "Back after", "Restore took", "Plan expected", "Against plan",
                    "RPO"), perSystem);
            d.paragraph("\"Back after\" counts from the start of the recovery run; the plan's expectation is the"
                    + " source's latest passed trial restore when the run started.");
        }

        d.heading("Monitoring and testing (policy 5)");
        monitoring(d, in);

        d.heading("Messages sent");
        if (i.messages().isEmpty()) {
            d.paragraph("No messages were sent.");
        } else {
            d.table(List.of("Time", "Audience", "Channel", "Subject", "Delivery"), i.messages().stream()
                    .map(m -> List.of(times.stamp(m.createdAt()), m.audience().label(), m.channel(), m.subject(),
                            m.delivery().label() + (m.sentAt() == null ? "" : " " + times.stamp(m.sentAt()))))
                    .toList());
        }

        d.heading("Preventive measures");
        if (i.actions().isEmpty()) {
            d.paragraph("None recorded yet (lifeboat incident action " + i.id() + " --add TEXT --owner NAME --due"
                    + " DATE).");
        } else {
            d.table(List.of("#", "Measure", "Owner", "Due", "Done"), i.actions().stream().map(a -> List.of(
                    String.valueOf(a.number()), a.text(), a.owner(), a.due().toString(),
                    a.done() ? times.stamp(a.doneAt()) : "open")).toList());
        }
        return d.build();
    }

    /** The monitoring window, the probes and functional checks against the live systems, and their failures. */
    private void monitoring(Document.Builder d, Input in) {
        if (in.window().isPresent()) {
            MonitorWindowRecord w = in.window().get();
            d.field("Window", times.stamp(w.startedAt()) + " to " + times.stamp(w.endedAt() != null ? w.endedAt()
                    : w.endsAt()) + (w.endedAt() == null ? " (planned)" : ""));
            d.field("Result", w.status().label());
            d.field("Probes every", text(w.probeEvery()));
            d.field("Systems watched", String.join(", ", w.systems()));
            d.field("Functional tests", (w.openingChecksAt() == null ? "not run at the start"
                    : "at the start " + times.stamp(w.openingChecksAt())) + "; " + (w.closingChecksAt() == null
                            ? "not run at the end" : "at the end " + times.stamp(w.closingChecksAt())));
        } else {
            d.paragraph("No monitoring window was run (lifeboat incident monitor " + in.incident().id() + ").");
        }
        if (!in.checks().isEmpty()) {
            Map<List<String>, long[]> counts = new LinkedHashMap<>();
            for (ProbeRunRecord r : in.checks()) {
                long[] c = counts.computeIfAbsent(List.of(r.system(), r.kind().label(), r.probe()), k -> new long[2]);
                c[0]++;
                c[1] += r.status().passed() ? 0 : 1;
            }
            List<List<String>> rows = new ArrayList<>();
            counts.forEach((k, c) -> rows.add(List.of(k.get(0), k.get(1), k.get(2), String.valueOf(c[0]),
                    String.valueOf(c[1]))));
            d.table(List.of("System", "Kind", "Check", "Runs", "Failed"), rows);
            List<ProbeRunRecord> failed = in.checks().stream().filter(r -> !r.status().passed()).toList();
            if (!failed.isEmpty()) {
                d.subheading("Failures");
                d.table(List.of("Time", "System", "Check", "Status", "Detail"), failed.stream().map(r -> List.of(
                        times.stamp(r.at()), r.system(), r.probe(), r.status().label(),
                        r.detail() == null ? "" : r.detail())).toList());
            }
        }
        List<String> fromTimeline = in.incident().timeline().stream().filter(u -> u.kind() == TimelineKind.MONITORING
                || u.kind() == TimelineKind.PROBE || u.kind() == TimelineKind.RESTART)
                .map(u -> times.stamp(u.at()) + " " + u.kind().label() + ": " + u.message()).toList();
        if (!fromTimeline.isEmpty()) {
            d.subheading("On the timeline");
            d.bullets(fromTimeline);
        }
    }

    /** When a system first went down, when it was last back, and how long it was down in all. */
    record Down(Instant from, Instant back, Duration total) {
    }

    static Down down(IncidentRecord i, String system, Instant end) {
        Instant from = null;
        Instant since = null;
        Instant back = null;
        Duration total = Duration.ZERO;
        for (IncidentRecord.StatusChange c : i.statusChanges()) {
            if (!c.system().equals(system)) {
                continue;
            }
            if (c.status().down() && since == null) {
                since = c.at();
                from = from == null ? c.at() : from;
                back = null;
            } else if (!c.status().down() && since != null) {
                total = total.plus(Duration.between(since, c.at()));
                since = null;
                back = c.at();
            }
        }
        if (since != null) {
            total = total.plus(Duration.between(since, end));
        }
        return new Down(from, back, total);
    }

    private static String title(CrashPolicyConfig policy, String system) {
        return policy.system(system).map(SystemConfig::title).orElse(system);
    }

    static String text(Duration d) {
        return d.toMinutes() < 1 ? d.toSeconds() + " s" : Durations.text(d);
    }

    private static String ms(long ms) {
        return ms < 60_000 ? String.format("%.1f s", ms / 1000.0) : Durations.text(Duration.ofMillis(ms));
    }
}
