package lifeboat.core.incident;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.IncidentStore;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.MessageKind;
import lifeboat.core.notify.Alerts;
import lifeboat.spi.Notice;
import lifeboat.spi.Severity;

/**
 * Tells audiences about incidents: renders each audience's template and puts one message per channel of the
 * audience in the outbox, recorded on the incident. A drill's messages are marked DRILL and go to IT's channels
 * only, whichever audience they were written for.
 */
final class Messenger {
    private final CrashPolicyConfig policy;
    private final String configFile;
    private final Alerts alerts;
    private final IncidentStore store;
    private final Templates templates;
    private final MessageContext context;

    Messenger(CrashPolicyConfig policy, String configFile, Alerts alerts, IncidentStore store, Templates templates,
            MessageContext context) {
        this.policy = policy;
        this.configFile = configFile;
        this.alerts = alerts;
        this.store = store;
        this.templates = templates;
        this.context = context;
    }

    /** The messenger of an installation: its audiences, its templates (defaults or beside the config file). */
    static Messenger of(LifeboatConfig config, Alerts alerts, IncidentStore store) {
        Path dir = config.file().toAbsolutePath().getParent();
        return new Messenger(config.crashPolicy(), config.file().toString(), alerts, store,
                new Templates(dir == null ? null : dir.resolve(IncidentService.TEMPLATES)),
                new MessageContext(config.crashPolicy(), config.notifications().zone()));
    }

    MessageContext context() {
        return context;
    }

    /** Fails, naming the audience, when one of them has no channels to be told through. */
    void check(List<Audience> audiences, boolean drill) {
        for (Audience a : audiences) {
            Audience via = drill ? Audience.IT : a;
            if (policy.channels(via).isEmpty()) {
                throw new IllegalArgumentException("audience '" + via.label() + "' has no notification channels"
                        + (drill && a != Audience.IT ? " (a drill's messages to " + a.label() + " go to it)" : "")
                        + "; list them under audiences." + via.label() + " in " + configFile);
            }
        }
    }

    /**
     * Sends {@code kind} about {@code incident} to each audience, recorded under the timeline entry {@code updateId};
     * returns the audiences told.
     */
    List<Audience> tell(IncidentRecord incident, MessageKind kind, List<Audience> audiences, long updateId,
            String message, String author, Map<String, Object> extra, Instant at) throws SQLException {
        check(audiences, incident.drill());
        List<Audience> told = new ArrayList<>();
        for (Audience a : audiences) {
            Templates.Rendered r = templates.render(a, kind, context.of(incident, a, message, author, extra));
            Notice n = notice(kind, severity(incident.severity(), kind), "incident " + incident.id(), r, a,
                    incident.drill(), at);
            List<String> channels = policy.channels(incident.drill() ? Audience.IT : a);
            List<Long> ids = alerts.sendTo(n, channels);
            for (int i = 0; i < ids.size(); i++) {
                store.message(incident.id(), updateId, a, channels.get(i), ids.get(i), n.subject());
            }
            told.add(a);
        }
        return told;
    }

    /**
     * Sends a message that is about no incident (the policy review reminder) to one audience, once under
     * {@code onceKey}; returns false when it was sent before.
     */
    boolean tellOnce(Audience audience, MessageKind kind, Map<String, Object> values, String onceKey, Instant at)
            throws SQLException {
        check(List.of(audience), false);
        Templates.Rendered r = templates.render(audience, kind, values);
        return !alerts.sendTo(notice(kind, Severity.WARNING, null, r, audience, false, at), policy.channels(audience),
                onceKey).isEmpty();
    }

    private static Notice notice(MessageKind kind, Severity severity, String reference, Templates.Rendered r,
            Audience audience, boolean drill, Instant at) {
        String subject = r.subject();
        String body = r.body();
        if (drill) {
            // marked whatever the template says: nobody may mistake an exercise for a real outage
            subject = "[DRILL] " + (audience == Audience.IT ? "" : "(to " + audience.label() + ") ")
                    + subject.replaceFirst("^\\[DRILL\\]\\s*", "");
            body = "DRILL: this is a training exercise, not a real incident.\n\n" + body;
        }
        return new Notice(kind == MessageKind.RESOLVED ? Notice.Kind.RECOVERY : Notice.Kind.INFO,
                (kind == MessageKind.REVIEW_DUE ? "policy-" : "incident-") + kind.label(), severity, null, reference, at,
                subject, body, null);
    }

    private static Severity severity(IncidentSeverity s, MessageKind kind) {
        if (kind == MessageKind.RESOLVED || kind == MessageKind.REPORT) {
            return Severity.INFO;
        }
        return s == IncidentSeverity.MINOR ? Severity.WARNING : Severity.ERROR;
    }
}
