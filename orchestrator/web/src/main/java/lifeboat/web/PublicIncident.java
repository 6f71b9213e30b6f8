package lifeboat.web;

import java.util.List;

/**
 * An incident as the school sees it on the status page: which systems, how they are, what to do instead, when they
 * are expected back, and the updates IT sent to the school; never the title typed by a reporter, causes, error
 * text, host names or backup ids.
 */
public record PublicIncident(long number, String systems, String state, String eta, List<String> workarounds,
        List<Line> updates, String openedAt, String resolvedAt) {
    public PublicIncident {
        workarounds = List.copyOf(workarounds);
        updates = List.copyOf(updates);
    }

    /** One update sent to the school. */
    public record Line(String at, String text) {
    }
}
