package lifeboat.core.catalog;

import java.time.Instant;

/** One login attempt or action on the web pages, with who did it and from where. */
public record WebActionRecord(long id, Instant at, String user, String client, String action, boolean ok,
        String detail) {
}
