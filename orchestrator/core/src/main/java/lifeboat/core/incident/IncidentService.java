package lifeboat.core.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lifeboat.core.audit.AuditTrail;
import lifeboat.core.audit.AuditType;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.IncidentActionStore;
import lifeboat.core.catalog.IncidentReportStore;
import lifeboat.core.catalog.IncidentStore;
import lifeboat.core.catalog.MonitorStore;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.document.Document;
import lifeboat.core.document.DocumentFormat;
import lifeboat.core.document.Documents;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.MessageKind;
import lifeboat.core.model.SystemStatus;
import lifeboat.core.model.TimelineKind;
import lifeboat.core.notify.Alerts;
import lifeboat.core.plugins.Targets;
import lifeboat.core.recover.RecoveryService;

/**
 * The crash policy's incidents: opened when a crash is reported, updated as IT learns more and the systems come
 * back, each update told to the audiences IT chooses, kept for ever. The CLI and the daemon both work through
 * this service; the catalog is shared, so commands work while the daemon runs. Thread-safe: every change is one
 * catalog transaction that locks the incident's row first.
 */
public final class IncidentService {
    /** The directory beside the configuration file whose templates replace the defaults. */
    public static final String TEMPLATES = "templates";

    private final CrashPolicyConfig policy;
    private final IncidentStore store;
    private final Messenger messenger;
    private final EtaEstimator etas;
    private final Clock clock;

    private final ResolveGuard guard;
    private final IncidentActionStore actions;
    private final RecoveryService recoveries;
    private final MonitorStore monitors;
    private final ReportBuilder reports;
    private final ReportArchive archive;
    private final AuditTrail audit;

    /**
     * @param config the crash policy, the recovery plans, the notification zone and where templates are overridden
     * @param guard what may stand in the way of resolving (the monitoring window)
     */
    public IncidentService(LifeboatConfig config, IncidentStore store, IncidentActionStore actions,
            IncidentReportStore reports, MonitorStore monitors, Targets targets, Alerts alerts,
            RecoveryService recoveries,
            ResolveGuard guard, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.policy = config.crashPolicy();
        this.store = store;
        this.actions = actions;
        this.recoveries = recoveries;
        this.monitors = monitors;
        this.messenger = Messenger.of(config, alerts, store);
        this.etas = new EtaEstimator(policy, config.recoveryPlans(), recoveries);
        this.reports = new ReportBuilder(config, messenger.context());
        this.archive = new ReportArchive(reports, targets);
        this.guard = guard;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records a reported incident, its systems down, and tells IT at once (policy 1). */
    public IncidentRecord open(Opening o) throws SQLException {
        if (o.title().isBlank()) {
            throw new IllegalArgumentException("an incident needs a title (--title)");
        }
        if (o.systems().isEmpty()) {
            throw new IllegalArgumentException("name the affected systems (--systems A,B; configured: "
                    + configured() + ")");
        }
        List<String> systems = o.systems().stream().map(String::strip).distinct().toList();
        systems.forEach(this::system);
        String author = Author.current();
        return audited(AuditType.INCIDENT_OPENED, store.inTransaction(() -> {
            Instant now = now();
            long id = store.open(o.title().strip(), o.severity(), o.reportedBy(), o.via(), o.drill(), now, author);
            for (String s : systems) {
                store.status(id, s, SystemStatus.MAJOR_OUTAGE, now);
            }
            String text = (o.drill() ? "DRILL. " : "") + "Reported" + (o.reportedBy() == null ? "" : " by "
                    + o.reportedBy()) + (o.via() == null ? "" : " via " + o.via().label()) + ": " + o.title().strip()
                    + ". Affected: " + String.join(", ", systems.stream().map(this::named).toList()) + ".";
            long update = store.timeline(id, now, author, IncidentState.INVESTIGATING, TimelineKind.OPENED, text,
                    List.of());
            if (!policy.channels(Audience.IT).isEmpty()) {
                IncidentRecord fresh = get(id);
                List<Audience> told = messenger.tell(fresh, MessageKind.OPENED, List.of(Audience.IT), update, text,
                        author, Map.of(), now);
                store.notified(update, told);
            }
            return get(id);
        }));
    }

    /**
     * Posts an update: state, severity, cause, systems' status, expected time, a message, each only when given; then
     * tells the audiences named. Refuses a state going backwards, an unknown system and an audience without
     * channels, before anything is written.
     */
    public IncidentRecord update(long id, Change c) throws SQLException {
        if (c.empty()) {
            throw new IllegalArgumentException("nothing to update: give --state, --message, --cause, --system,"
                    + " --eta or --notify");
        }
        if (c.state() == IncidentState.RESOLVED) {
            throw new IllegalArgumentException("resolve an incident with `lifeboat incident resolve " + id
                    + " --message TEXT`: it checks the monitoring window and tells the school");
        }
        c.systems().keySet().forEach(this::system);
        String author = Author.current();
        return audited(AuditType.INCIDENT_UPDATED, store.inTransaction(() -> {
            IncidentState state = locked(id);
            IncidentRecord before = get(id);
            IncidentState next = c.state() == null ? state : state.moveTo(c.state());
            messenger.check(c.audiences(), before.drill());
            Instant now = now();
            List<String> parts = new ArrayList<>();
            if (next != state) {
                store.setState(id, next);
                parts.add("state from " + state.label() + " to " + next.label());
            }
            if (c.severity() != null && c.severity() != before.severity()) {
                store.setSeverity(id, c.severity());
                parts.add("severity " + c.severity().label());
            }
            if (!Change.blank(c.cause())) {
                store.setCause(id, c.cause().strip());
                parts.add("cause: " + c.cause().strip());
            }
            for (Map.Entry<String, SystemStatus> e : c.systems().entrySet()) {
                if (before.status(e.getKey()).orElse(null) != e.getValue()) {
                    store.status(id, e.getKey(), e.getValue(), now);
                    parts.add(e.getKey() + " " + e.getValue().label());
                }
            }
            if (c.eta() != null) {
                EtaEstimator.Estimate eta = "auto".equalsIgnoreCase(c.eta().strip())
                        ? etas.estimate(before.systems(), now)
                        : new EtaEstimator.Estimate(EtaText.parse(c.eta(), now, messenger.context().zone()),
                                "given by " + author);
                store.setEta(id, eta.at(), eta.basis());
                parts.add("expected back " + (eta.at() == null ? "unknown" : messenger.context().stamp(eta.at()))
                        + " (" + eta.basis() + ")");
            }
            String text = Change.blank(c.message()) ? String.join("; ", parts)
                    : c.message().strip() + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
            if (text.isBlank()) {
                text = "Update sent to " + String.join(", ", c.audiences().stream().map(Audience::label).toList());
            }
            long update = store.timeline(id, now, author, next, TimelineKind.UPDATE, text, List.of());
            if (!c.audiences().isEmpty()) {
                List<Audience> told = messenger.tell(get(id), MessageKind.UPDATE, c.audiences(), update,
                        Change.blank(c.message()) ? null : c.message(), author, Map.of(), now);
                store.notified(update, told);
            }
            return get(id);
        }));
    }

    /**
     * Adds an entry to the timeline without changing the incident (a restart, a probe failing, the monitoring
     * window), telling {@code notify} with an update message. For the other parts of the workflow.
     */
    public IncidentRecord note(long id, TimelineKind kind, String message, List<Audience> notify)
            throws SQLException {
        String author = Author.current();
        return audited(AuditType.INCIDENT_UPDATED, store.inTransaction(() -> {
            IncidentState state = locked(id);
            IncidentRecord before = get(id);
            messenger.check(notify, before.drill());
            Instant now = now();
            long update = store.timeline(id, now, author, state, kind, message, List.of());
            if (!notify.isEmpty()) {
                store.notified(update, messenger.tell(before, MessageKind.UPDATE, notify, update, message, author,
                        Map.of(), now));
            }
            return get(id);
        }));
    }

    /**
     * The recovery plan's steps for the incident's systems: the sources of the affected systems that the plan holds,
     * resolved as {@code recover --dry-run} resolves them.
     */
    public RecoveryService.Plan recoveryPlan(long id, String plan) throws SQLException, IOException {
        IncidentRecord i = get(id);
        requireOpen(i);
        List<String> sources = etas.sources(i.systems());
        List<String> inPlan = sources.stream().filter(s -> recoveries.planConfig(plan).groups().stream()
                .anyMatch(g -> g.names().contains(s))).toList();
        if (inPlan.isEmpty()) {
            throw new IllegalArgumentException("recovery plan '" + plan + "' holds none of the sources of "
                    + String.join(", ", i.systems()) + (sources.isEmpty() ? " (they have no sources configured)"
                            : " (" + String.join(", ", sources) + ")"));
        }
        return recoveries.plan(plan, null, inPlan);
    }

    /** A recovery run linked to an incident, and what could not be recorded on the incident while it ran. */
    public record Recovered(RecoveryService.Result run, IncidentRecord incident, List<String> problems) {
        public Recovered {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Runs {@code plan} (from {@link #recoveryPlan}) through the recovery service, linked to the incident: an update
     * when it starts and as each priority group is restored and checked, told to IT and {@code notify}.
     */
    public Recovered recover(long id, RecoveryService.Plan plan, List<Audience> notify) throws SQLException {
        IncidentRecord i = get(id);
        requireOpen(i);
        List<Audience> audiences = new ArrayList<>(List.of(Audience.IT));
        notify.stream().filter(a -> !audiences.contains(a)).forEach(audiences::add);
        messenger.check(audiences, i.drill());
        RecoveryUpdates updates = new RecoveryUpdates(this, id, plan.plan(), audiences);
        RecoveryService.Result r = recoveries.execute(plan, false, false, updates);
        String took = r.finishedAt() == null ? "" : " in " + ReportBuilder.text(Duration.between(r.startedAt(),
                r.finishedAt()));
        IncidentRecord after = note(id, TimelineKind.RECOVERY, "Recovery run " + r.runId() + " of plan " + r.plan()
                + " " + r.status().label() + took + (r.ok() ? ". Next: watch the systems (monitoring window)."
                        : "; resume with lifeboat recover --resume " + r.runId() + "."), List.of(Audience.IT));
        return new Recovered(r, after, updates.problems());
    }

    /** A linked run started: link it, note what the plan expects, move to recovering, post the expected time. */
    void recoveryStarted(long id, long runId, RecoveryService.Plan plan, List<Audience> notify) throws SQLException {
        String author = Author.current();
        store.inTransaction(() -> {
            IncidentState state = locked(id);
            Instant now = now();
            store.recovery(id, runId, now);
            for (RecoveryService.PlannedStep s : plan.steps()) {
                store.expected(id, runId, s.source(), s.priority(), s.expectedDurationMs());
            }
            IncidentState next = state.canMoveTo(IncidentState.RECOVERING) ? IncidentState.RECOVERING : state;
            store.setState(id, next);
            IncidentRecord i = get(id);
            EtaEstimator.Estimate eta = etas.estimate(i.systems(), plan.plan(), Set.of(), now);
            store.setEta(id, eta.at(), eta.basis());
            Map<Integer, List<String>> groups = new TreeMap<>();
            plan.steps().forEach(s -> groups.computeIfAbsent(s.priority(), k -> new ArrayList<>()).add(s.source()));
            List<String> order = new ArrayList<>();
            groups.forEach((p, sources) -> order.add("priority " + p + ": " + String.join(", ", sources)));
            String text = "Recovery run " + runId + " of plan " + plan.plan() + " started (" + String.join("; ", order)
                    + "). Expected back " + (eta.at() == null ? "unknown" : messenger.context().stamp(eta.at()))
                    + " (" + eta.basis() + ").";
            long update = store.timeline(id, now, author, next, TimelineKind.RECOVERY, text, List.of());
            store.notified(update, messenger.tell(get(id), MessageKind.UPDATE, notify, update, text, author, Map.of(),
                    now));
            return null;
        });
    }

    /** A priority group is over: systems back are operational, the expected time is recomputed, the update told. */
    void recoveryGroupDone(long id, String plan, List<String> back, Set<String> done, String text,
            List<Audience> notify) throws SQLException {
        String author = Author.current();
        store.inTransaction(() -> {
            IncidentState state = locked(id);
            Instant now = now();
            IncidentRecord i = get(id);
            for (String s : back) {
                if (i.status(s).orElse(SystemStatus.OPERATIONAL).down()) {
                    store.status(id, s, SystemStatus.OPERATIONAL, now);
                }
            }
            EtaEstimator.Estimate eta = etas.estimate(i.systems(), plan, done, now);
            store.setEta(id, eta.at(), eta.basis());
            String full = text + " Expected back " + (eta.at() == null ? "unknown" : messenger.context().stamp(eta.at()))
                    + " (" + eta.basis() + ").";
            long update = store.timeline(id, now, author, state, TimelineKind.RECOVERY, full, List.of());
            store.notified(update, messenger.tell(get(id), MessageKind.UPDATE, notify, update, full, author, Map.of(),
                    now));
            return null;
        });
    }

    /**
     * How a resolve went: refused with its blockers, or resolved, the school and leadership told, and the report
     * kept (in the catalog, and on the storage targets named) and sent.
     */
    public record Resolution(boolean resolved, List<String> blockers, IncidentRecord incident, List<String> keptOn,
            List<String> problems) {
        public Resolution {
            blockers = List.copyOf(blockers);
            keptOn = List.copyOf(keptOn);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Resolves the incident (policy 6 and 7), unless the resolve guard names blockers (a monitoring window still
     * running, a probe failing) and no {@code force} reason is given. Tells IT, leadership and the school (a drill:
     * IT only), then builds the report, keeps it in the catalog and on every storage target, and sends it to
     * leadership.
     */
    public Resolution resolve(long id, String message, String force) throws SQLException {
        if (Change.blank(message)) {
            throw new IllegalArgumentException("say what was done in --message; the school and leadership read it");
        }
        IncidentRecord i = get(id);
        requireOpen(i);
        List<String> blockers;
        try {
            blockers = guard.blockers(i);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot check whether incident " + id + " may be resolved: "
                    + e.getMessage(), e);
        }
        boolean forced = !Change.blank(force);
        if (!blockers.isEmpty() && !forced) {
            return new Resolution(false, blockers, i, List.of(), List.of());
        }
        String author = Author.current();
        List<Audience> tell = new ArrayList<>();
        for (Audience a : List.of(Audience.IT, Audience.LEADERSHIP, Audience.SCHOOL)) {
            if (!policy.channels(i.drill() ? Audience.IT : a).isEmpty()) {
                tell.add(a);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Audience a : List.of(Audience.LEADERSHIP, Audience.SCHOOL)) {
            if (!tell.contains(a)) {
                problems.add("audience " + a.label() + " has no channels (audiences." + a.label() + "): not told");
            }
        }
        String forcedText = !forced ? null : force.strip() + (blockers.isEmpty() ? ""
                : " (past: " + String.join("; ", blockers) + ")");
        IncidentRecord resolved = store.inTransaction(() -> {
            IncidentState state = locked(id);
            if (!state.open()) {
                throw new IllegalArgumentException("incident " + id + " is already resolved");
            }
            Instant now = now();
            IncidentRecord before = get(id);
            for (String s : before.systems()) {
                if (before.status(s).orElse(SystemStatus.OPERATIONAL).down()) {
                    store.status(id, s, SystemStatus.OPERATIONAL, now);
                }
            }
            store.resolve(id, now, message.strip(), forcedText);
            long update = store.timeline(id, now, author, IncidentState.RESOLVED, TimelineKind.RESOLVED,
                    message.strip() + (forcedText == null ? "" : " (forced: " + forcedText + ")"), List.of());
            store.notified(update, messenger.tell(get(id), MessageKind.RESOLVED, tell, update, message, author,
                    Map.of(), now));
            return get(id);
        });
        audited(AuditType.INCIDENT_UPDATED, resolved);
        List<String> keptOn = new ArrayList<>();
        try {
            keptOn.addAll(keepAndSendReport(resolved, problems));
        } catch (IOException | SQLException | RuntimeException e) {
            problems.add("the report could not be kept or sent: " + e.getMessage());
        }
        return new Resolution(true, blockers, get(id), keptOn, problems);
    }

    /** Builds the report, keeps it, records where, and sends it to leadership (a drill: to IT). */
    private List<String> keepAndSendReport(IncidentRecord i, List<String> problems) throws IOException, SQLException {
        Instant now = now();
        Document doc = report(i.id(), now);
        String markdown = new String(Documents.render(doc, DocumentFormat.MD), StandardCharsets.UTF_8);
        byte[] pdf = Documents.render(doc, DocumentFormat.PDF);
        List<ReportArchive.Kept> kept = archive.keep(i.id(), now, markdown, pdf);
        List<String> on = kept.stream().filter(ReportArchive.Kept::ok).map(ReportArchive.Kept::target).toList();
        kept.stream().filter(k -> !k.ok()).forEach(k -> problems.add("report not kept on " + k.target() + ": "
                + k.error()));
        Audience to = policy.channels(Audience.LEADERSHIP).isEmpty() && !i.drill() ? Audience.IT : Audience.LEADERSHIP;
        String author = Author.current();
        String text = (i.drill() ? "Drill report" : "Incident report") + " kept in the catalog"
                + (on.isEmpty() ? "" : " and on " + String.join(", ", on) + " (" + ReportArchive.key(i.id(), "pdf")
                        + ")") + "; sent to " + to.label() + ".";
        store.inTransaction(() -> {
            long update = store.timeline(i.id(), now, author, IncidentState.RESOLVED, TimelineKind.REPORT, text,
                    List.of());
            if (!policy.channels(i.drill() ? Audience.IT : to).isEmpty()) {
                store.notified(update, messenger.tell(get(i.id()), MessageKind.REPORT, List.of(to), update, text,
                        author, Map.of("report", markdown, "reportFile", ReportArchive.key(i.id(), "pdf")), now));
            }
            return null;
        });
        return on;
    }

    /** The incident report built from the record as it stands. */
    public Document report(long id) throws SQLException {
        return report(id, now());
    }

    private Document report(long id, Instant now) throws SQLException {
        IncidentRecord i = get(id);
        List<RecoveryService.Result> runs = new ArrayList<>();
        for (long run : i.recoveryRuns()) {
            runs.add(recoveries.result(run));
        }
        return reports.build(new ReportBuilder.Input(i, runs, store.expected(id), monitors.latest(id),
                monitors.runs(id), now));
    }

    /** Adds a preventive measure (policy 7 and 8); returns its number. */
    public int addAction(long id, String text, String owner, LocalDate due) throws SQLException {
        if (Change.blank(text) || Change.blank(owner) || due == null) {
            throw new IllegalArgumentException("a preventive measure needs --add TEXT, --owner NAME and --due DATE");
        }
        String author = Author.current();
        return store.inTransaction(() -> {
            IncidentState state = locked(id);
            int n = actions.add(id, text.strip(), owner.strip(), due, now());
            store.timeline(id, now(), author, state, TimelineKind.ACTION, "Preventive measure " + n + " added: "
                    + text.strip() + " (" + owner.strip() + ", due " + due + ")", List.of());
            return n;
        });
    }

    /** Marks a preventive measure done. */
    public void actionDone(long id, int number) throws SQLException {
        String author = Author.current();
        store.inTransaction(() -> {
            IncidentState state = locked(id);
            if (!actions.done(id, number, now())) {
                throw new IllegalArgumentException("incident " + id + " has no preventive measure " + number
                        + " (lifeboat incident show " + id + " lists them)");
            }
            store.timeline(id, now(), author, state, TimelineKind.ACTION, "Preventive measure " + number + " done",
                    List.of());
            return null;
        });
    }

    private static void requireOpen(IncidentRecord i) {
        if (!i.state().open()) {
            throw new IllegalArgumentException("incident " + i.id() + " is already resolved");
        }
    }

    /** The incident with its whole record; IllegalArgumentException naming the id when there is none. */
    /** Records the incident's newest timeline entry in the audit log; returns the incident. */
    private IncidentRecord audited(AuditType type, IncidentRecord r) {
        var last = r.timeline().isEmpty() ? null : r.timeline().get(r.timeline().size() - 1);
        audit.record(type, null, "incident", r.id(), "title", r.title(), "severity", r.severity(), "state", r.state(),
                "drill", r.drill(), "systems", r.systems(), "kind", last == null ? null : last.kind(),
                "update", last == null ? null : last.message(), "forced", r.forced());
        return r;
    }

    public IncidentRecord get(long id) throws SQLException {
        return store.incident(id).orElseThrow(() -> new IllegalArgumentException("no incident " + id
                + " (lifeboat incident list shows them)"));
    }

    /** Every incident, newest first; only those not resolved when {@code openOnly}. */
    public List<IncidentRecord> list(boolean openOnly) throws SQLException {
        return store.incidents(openOnly);
    }

    /** The configured system of this name; IllegalArgumentException naming it and the configured ones. */
    public SystemConfig system(String name) {
        return policy.system(name).orElseThrow(() -> new IllegalArgumentException("unknown system '" + name
                + "' (configured systems: " + configured() + ")"));
    }

    private String configured() {
        return policy.systems().isEmpty() ? "none; add them under systems: in the configuration"
                : String.join(", ", policy.systems().stream().map(SystemConfig::name).toList());
    }

    private String named(String system) {
        SystemConfig s = system(system);
        return s.title().equals(s.name()) ? s.name() : s.name() + " (" + s.title() + ")";
    }

    private IncidentState locked(long id) throws SQLException {
        return store.lock(id).orElseThrow(() -> new IllegalArgumentException("no incident " + id
                + " (lifeboat incident list shows them)"));
    }
}
