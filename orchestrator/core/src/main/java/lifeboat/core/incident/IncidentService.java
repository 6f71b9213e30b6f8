package lifeboat.core.incident;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.IncidentStore;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.MessageKind;
import lifeboat.core.model.SystemStatus;
import lifeboat.core.model.TimelineKind;
import lifeboat.core.notify.Alerts;
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

    /**
     * @param config the crash policy, the recovery plans, the notification zone and where templates are overridden
     * @param guard what may stand in the way of resolving (the monitoring window)
     */
    public IncidentService(LifeboatConfig config, IncidentStore store, Alerts alerts, RecoveryService recoveries,
            ResolveGuard guard, Clock clock) {
        this.policy = config.crashPolicy();
        this.store = store;
        Path dir = config.file().toAbsolutePath().getParent();
        this.messenger = new Messenger(policy, config.file().toString(), alerts, store,
                new Templates(dir == null ? null : dir.resolve(TEMPLATES)),
                new MessageContext(policy, config.notifications().zone()));
        this.etas = new EtaEstimator(policy, config.recoveryPlans(), recoveries);
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
        return store.inTransaction(() -> {
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
        });
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
        return store.inTransaction(() -> {
            IncidentState state = locked(id);
            IncidentRecord before = get(id);
            IncidentState next = c.state() == null ? state : state.moveTo(c.state());
            messenger.check(c.audiences(), before.drill());
            Instant now = now();
            List<String> parts = new ArrayList<>();
            if (next != state) {
                store.setState(id, next);
                parts.add("state " + state.label() + " → " + next.label());
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
        });
    }

    /**
     * Adds an entry to the timeline without changing the incident (a restart, a probe failing, the monitoring
     * window), telling {@code notify} with an update message. For the other parts of the workflow.
     */
    public IncidentRecord note(long id, TimelineKind kind, String message, List<Audience> notify)
            throws SQLException {
        String author = Author.current();
        return store.inTransaction(() -> {
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
        });
    }

    /** The incident with its whole record; IllegalArgumentException naming the id when there is none. */
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

    /** For a summary: each affected system and its status now. */
    public static Map<String, SystemStatus> statuses(IncidentRecord incident) {
        Map<String, SystemStatus> out = new LinkedHashMap<>();
        incident.systems().forEach(s -> out.put(s, incident.status(s).orElseThrow()));
        return out;
    }
}
