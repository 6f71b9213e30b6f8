package lifeboat.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.CrashPolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.incident.Change;
import lifeboat.core.incident.Opening;
import lifeboat.core.model.Audience;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.IncidentState;
import lifeboat.core.model.ReportedVia;
import lifeboat.core.model.SystemStatus;

/**
 * Incidents for IT behind the login: a page per incident with its whole record, and for operators the forms that
 * open one and post an update (state, systems' status, expected time, a message, whom to tell), through the same
 * incident service as {@code lifeboat incident}.
 */
final class IncidentPages {
    private final Lifeboat lifeboat;
    private final Templates templates;

    IncidentPages(Lifeboat lifeboat, Templates templates) {
        this.lifeboat = lifeboat;
        this.templates = templates;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/incident/{id}", this::page);
        config.routes.post("/incidents", this::open);
        config.routes.post("/incident/{id}/update", this::update);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound("no incident '" + ctx.pathParam("id") + "'");
        }
    }

    private IncidentRecord incident(long id) throws Exception {
        return lifeboat.incidents().list(false).stream().filter(i -> i.id() == id).findFirst()
                .orElseThrow(() -> new NotFound("no incident " + id));
    }

    private void page(Context ctx) throws Exception {
        IncidentRecord i = incident(id(ctx));
        CrashPolicyConfig policy = lifeboat.config().crashPolicy();
        Map<String, Object> p = new HashMap<>();
        p.put("page", Access.viewer(ctx).page("Incident " + i.id(), Flash.text(ctx.queryParam("done"))));
        p.put("i", i);
        p.put("statuses", statuses(i));
        p.put("states", Arrays.stream(IncidentState.values()).filter(s -> s != IncidentState.RESOLVED
                && i.state().canMoveTo(s)).map(IncidentState::label).toList());
        p.put("systemStatuses", Arrays.stream(SystemStatus.values()).map(SystemStatus::label).toList());
        p.put("audiences", Arrays.stream(Audience.values()).filter(a -> !policy.channels(a).isEmpty())
                .map(Audience::label).toList());
        ctx.html(templates.render("incident.jte", p));
    }

    private static Map<String, String> statuses(IncidentRecord i) {
        Map<String, String> out = new LinkedHashMap<>();
        i.systems().forEach(s -> out.put(s, i.status(s).map(SystemStatus::label).orElse("")));
        return out;
    }

    private boolean refused(Context ctx, String action) throws Exception {
        Viewer v = Access.viewer(ctx);
        if (v.role().mayAct()) {
            return false;
        }
        lifeboat.users().record(v.user(), v.client(), action, false, "refused, role " + v.role());
        WebServer.problem(templates, ctx, HttpStatus.FORBIDDEN, "the role " + v.role() + " may look but not act");
        return true;
    }

    private void open(Context ctx) throws Exception {
        if (refused(ctx, "incident-open")) {
            return;
        }
        Viewer v = Access.viewer(ctx);
        String title = Fields.required(ctx, "title", PublicPages.MAX_WHAT);
        List<String> systems = ctx.formParams("systems");
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("tick the affected systems");
        }
        String reportedBy = Fields.optional(ctx, "reportedBy", PublicPages.MAX_NAME);
        String via = Fields.optional(ctx, "via", 20);
        String severity = Fields.optional(ctx, "severity", 20);
        IncidentRecord i = lifeboat.incidents().open(new Opening(title, systems,
                severity == null ? IncidentSeverity.MAJOR : IncidentSeverity.of(severity),
                reportedBy == null ? v.user() : reportedBy, via == null ? null : ReportedVia.of(via), false));
        lifeboat.users().record(v.user(), v.client(), "incident-open", true, "incident " + i.id());
        ctx.redirect("/incident/" + i.id() + "?done=incident", HttpStatus.SEE_OTHER);
    }

    private void update(Context ctx) throws Exception {
        long id = id(ctx);
        if (refused(ctx, "incident-update")) {
            return;
        }
        Viewer v = Access.viewer(ctx);
        IncidentRecord before = incident(id);
        String state = Fields.optional(ctx, "state", 20);
        String message = Fields.optional(ctx, "message", 2000);
        String eta = Fields.optional(ctx, "eta", 40);
        Map<String, SystemStatus> systems = new LinkedHashMap<>();
        for (String s : before.systems()) {
            String given = Fields.optional(ctx, "status-" + s, 20);
            if (given != null && !given.equals(before.status(s).map(SystemStatus::label).orElse(null))) {
                systems.put(s, SystemStatus.of(given));
            }
        }
        List<Audience> notify = new ArrayList<>();
        for (String a : ctx.formParams("notify")) {
            notify.add(Audience.of(a));
        }
        IncidentState next = state == null || state.equals(before.state().label()) ? null : IncidentState.of(state);
        lifeboat.incidents().update(id, new Change(next, null, message, null, systems, eta, notify));
        lifeboat.users().record(v.user(), v.client(), "incident-update", true, "incident " + id);
        ctx.redirect("/incident/" + id + "?done=update", HttpStatus.SEE_OTHER);
    }

    /** Systems offered in the open form. */
    static List<SystemConfig> systems(Lifeboat lifeboat) {
        return lifeboat.config().crashPolicy().systems();
    }
}
