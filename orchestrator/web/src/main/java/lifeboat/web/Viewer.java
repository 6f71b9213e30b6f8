package lifeboat.web;

import lifeboat.core.catalog.SessionRecord;
import lifeboat.core.model.Role;

/** The signed-in user of one request, with the client address it came from. */
record Viewer(SessionRecord session, String client) {
    String user() {
        return session.user();
    }

    Role role() {
        return session.role();
    }

    Page page(String title, String flash) {
        return new Page(title, session.user(), session.role().label(), session.csrfToken(), flash,
                session.role().mayAct());
    }
}
