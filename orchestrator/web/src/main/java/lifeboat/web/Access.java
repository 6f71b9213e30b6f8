package lifeboat.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.catalog.SessionRecord;
import lifeboat.core.users.Users;

/**
 * Logins, sessions and the checks every request passes: pages other than the public ones need a session (a
 * browser is sent to the login form), and every POST made with a session must carry its CSRF token (403 without).
 * Forms must come as {@code application/x-www-form-urlencoded} (415 otherwise). The session cookie is HTTP-only,
 * SameSite=Strict, and Secure under TLS.
 */
final class Access {
    static final String COOKIE = "lifeboat_session";
    private static final String VIEWER = "viewer";
    private static final Set<String> PUBLIC = Set.of("/login", "/status", "/report", "/metrics", "/health/live",
            "/health/ready");
    private static final int MAX_NAME = 64;
    private static final int MAX_PASSWORD = 200;

    private final Users users;
    private final Templates templates;
    private final boolean tls;

    Access(Users users, Templates templates, boolean tls) {
        this.users = users;
        this.templates = templates;
        this.tls = tls;
    }

    void routes(JavalinConfig config) {
        config.routes.before(this::check);
        config.routes.get("/login", ctx -> loginForm(ctx, HttpStatus.OK, null));
        config.routes.post("/login", this::login);
        config.routes.post("/logout", this::logout);
    }

    /** The signed-in user of a request that passed {@link #check}. */
    static Viewer viewer(Context ctx) {
        return ctx.attribute(VIEWER);
    }

    private void check(Context ctx) throws SQLException {
        boolean post = "POST".equals(ctx.method().name());
        if (post && !isForm(ctx)) {
            ctx.skipRemainingHandlers();
            WebServer.problem(templates, ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the form as application/x-www-form-urlencoded");
            return;
        }
        Optional<SessionRecord> session = users.session(ctx.cookie(COOKIE));
        session.ifPresent(s -> ctx.attribute(VIEWER, new Viewer(s, ctx.ip())));
        if (PUBLIC.contains(ctx.path())) {
            return;
        }
        if (session.isEmpty()) {
            ctx.skipRemainingHandlers();
            if (post) {
                WebServer.problem(templates, ctx, HttpStatus.UNAUTHORIZED, "sign in first");
            } else {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            }
            return;
        }
        if (post && !sameToken(session.get().csrfToken(), ctx.formParam("csrf"))) {
            ctx.skipRemainingHandlers();
            users.record(session.get().user(), ctx.ip(), "refused", false, "POST " + ctx.path()
                    + " without a valid CSRF token");
            WebServer.problem(templates, ctx, HttpStatus.FORBIDDEN, "this form has expired or did not come from"
                    + " these pages; reload the page and try again");
        }
    }

    static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private void loginForm(Context ctx, HttpStatus status, String message) {
        if (viewer(ctx) != null && message == null) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put("page", Page.open("Sign in"));
        p.put("message", message);
        ctx.status(status).html(templates.render("login.jte", p));
    }

    private void login(Context ctx) throws SQLException {
        String name = Fields.optional(ctx, "name", MAX_NAME);
        String password = Fields.optional(ctx, "password", MAX_PASSWORD);
        Users.Login result = users.login(name, password == null ? new char[0] : password.toCharArray(), ctx.ip());
        if (result instanceof Users.Login.Allowed allowed) {
            ctx.cookie(new Cookie(COOKIE, allowed.token(), "/", -1, tls, true, null, SameSite.STRICT));
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } else if (result instanceof Users.Login.Throttled t) {
            ctx.header("Retry-After", String.valueOf(Users.throttleSeconds()));
            loginForm(ctx, HttpStatus.TOO_MANY_REQUESTS, "too many failed sign-ins; try again after "
                    + Format.time(t.retryAfter()));
        } else {
            loginForm(ctx, HttpStatus.UNAUTHORIZED, "wrong user name or password");
        }
    }

    private void logout(Context ctx) throws SQLException {
        users.logout(ctx.cookie(COOKIE));
        users.record(viewer(ctx).user(), ctx.ip(), "logout", true, null);
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, tls, true, null, SameSite.STRICT));
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }
}
