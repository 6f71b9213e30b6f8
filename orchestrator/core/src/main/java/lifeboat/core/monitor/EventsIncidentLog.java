package lifeboat.core.monitor;

import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incident log on the event history alone: entries for IT go out as {@code probe-failed} events (routed by the
 * notification rules), the others to the log.
 */
final class EventsIncidentLog implements IncidentLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventsIncidentLog.class);
    private final Events events;

    EventsIncidentLog(Events events) {
        this.events = events;
    }

    @Override
    public void post(long incidentId, Entry entry, String message, boolean tellIt) {
        if (tellIt) {
            events.raise(new Alert(EventType.PROBE_FAILED, EventType.PROBE_FAILED.severity(), "incident " + incidentId,
                    null, "incident-" + incidentId, message, "lifeboat incident show " + incidentId, null));
        } else {
            LOG.info("incident {} ({}): {}", incidentId, entry, message);
        }
    }
}
