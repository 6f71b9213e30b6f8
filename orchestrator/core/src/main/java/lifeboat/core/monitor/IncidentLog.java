package lifeboat.core.monitor;

import lifeboat.core.events.Events;

/**
 * Where restarts and the monitoring window put what they find: the incident's timeline, and for failures the
 * {@code it} audience at once. The texts name hosts, URLs and error text: they are for IT, never for the school.
 */
public interface IncidentLog {
    /** What an entry is about. */
    enum Entry {
        /** A system's restart command ran, and its probes after it. */
        RESTART,
        /** The monitoring window started, ended or ran its functional checks. */
        MONITORING,
        /** A probe failed, or passed again after failing. */
        PROBE
    }

    /**
     * Puts an entry on the incident's timeline.
     *
     * @param tellIt also send it to the {@code it} audience now (a probe failing, or passing again)
     */
    void post(long incidentId, Entry entry, String message, boolean tellIt);

    /** A log on the event history alone: IT's entries as {@code probe-failed} events, routed by the rules. */
    static IncidentLog onEvents(Events events) {
        return new EventsIncidentLog(events);
    }
}
