package lifeboat.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.WebConfig;
import lifeboat.core.incident.Opening;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.model.ReportedVia;

/**
 * The pages for the school, without login: {@code /status} (each system with its status in plain words, open
 * incidents with the workaround and the expected time, those resolved in the last 30 days; never a host name,
 * path, error text or backup id) and {@code /report} (the crash policy's first step as a form: it opens an incident
 * reported via web, which tells IT, and shows the reporter a reference number). Neither uses JavaScript.
 */
final class PublicPages {
    static final String FORM_COOKIE = "lifeboat_form";
    static final int MAX_NAME = 100;
    static final int MAX_WHAT = 500;

    private final Lifeboat lifeboat;
    private final StatusBoard status;
    private final Templates templates;
    private final WebConfig web;
    private final ReportLimiter limiter;
    private final SecureRandom random = new SecureRandom();

    PublicPages(Lifeboat lifeboat, Board board, Templates templates, WebConfig web) {
        this.lifeboat = lifeboat;
        this.status = new StatusBoard(lifeboat, board);
        this.templates = templates;
        this.web = web;
        this.limiter = new ReportLimiter(web.reportsPerHour());
    }

    void routes(JavalinConfig config) {
        config.routes.get("/status", this::status);
        config.routes.get("/report", this::reportForm);
        config.routes.post("/report", this::report);
    }

    private void status(Context ctx) throws Exception {
        List<IncidentRecord> incidents = status.incidents();
        Map<String, Object> p = new HashMap<>();
        p.put("page", page(ctx, "Status"));
        p.put("systems", status.systems(incidents));
        p.put("open", status.open(incidents));
        p.put("resolved", status.resolved(incidents, Instant.now()));
        ctx.html(templates.render("status.jte", p));
    }

    private Page page(Context ctx, String title) {
        Viewer v = Access.viewer(ctx);
        return v == null ? Page.open(title) : v.page(title, null);
    }

    private boolean loginNeeded(Context ctx) {
        if (web.reportNeedsLogin() && Access.viewer(ctx) == null) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return true;
        }
        return false;
    }

    private void reportForm(Context ctx) {
        if (!loginNeeded(ctx)) {
            form(ctx, HttpStatus.OK, null, "", "", null);
        }
    }

    private void form(Context ctx, HttpStatus status, String problem, String name, String what, String system) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        ctx.cookie(new Cookie(FORM_COOKIE, token, "/report", -1, web.tls(), true, null, SameSite.STRICT));
        List<SystemConfig> systems = lifeboat.config().crashPolicy().systems();
        Map<String, Object> p = new HashMap<>();
        p.put("page", page(ctx, "Report a problem"));
        p.put("systems", systems);
        p.put("token", token);
        p.put("problem", problem);
        p.put("name", name);
        p.put("what", what);
        p.put("system", system);
        ctx.status(systems.isEmpty() ? HttpStatus.SERVICE_UNAVAILABLE : status).html(templates.render("report.jte", p));
    }

    private void report(Context ctx) throws Exception {
        if (loginNeeded(ctx)) {
            return;
        }
        String cookie = ctx.cookie(FORM_COOKIE);
        String token = ctx.formParam("token");
        if (cookie == null || token == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            WebServer.problem(templates, ctx, HttpStatus.FORBIDDEN, "this form has expired or did not come from"
                    + " these pages; open the report form again");
            return;
        }
        String name = Fields.optional(ctx, "name", MAX_NAME);
        String what = Fields.optional(ctx, "what", MAX_WHAT);
        String system = Fields.optional(ctx, "system", 64);
        if (name == null || what == null || system == null
                || lifeboat.config().crashPolicy().system(system).isEmpty()) {
            form(ctx, HttpStatus.BAD_REQUEST, "Please give your name, what is not working, and which system.",
                    name == null ? "" : name, what == null ? "" : what, system);
            return;
        }
        if (!limiter.allow(ctx.ip(), Instant.now())) {
            WebServer.problem(templates, ctx, HttpStatus.TOO_MANY_REQUESTS, "too many reports from this address in"
                    + " the last hour; please call or email IT instead");
            return;
        }
        IncidentRecord i = lifeboat.incidents().open(new Opening(what, List.of(system), IncidentSeverity.MAJOR, name,
                ReportedVia.WEB, false));
        lifeboat.users().record(Access.viewer(ctx) == null ? name : Access.viewer(ctx).user(), ctx.ip(), "report",
                true, "incident " + i.id() + " on " + system);
        Map<String, Object> p = new HashMap<>();
        p.put("page", page(ctx, "Thank you"));
        p.put("reference", i.id());
        p.put("system", lifeboat.config().crashPolicy().system(system).map(SystemConfig::title).orElse(system));
        ctx.status(HttpStatus.CREATED).html(templates.render("reported.jte", p));
    }
}
