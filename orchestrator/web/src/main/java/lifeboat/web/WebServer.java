package lifeboat.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.WebConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web pages on Javalin (Jetty 12): the dashboard and its pages for IT (login), the public status page and
 * report form, the auditor's history, {@code /metrics} and {@code /health}. {@code lifeboat daemon} starts it on its
 * own opened installation; {@code lifeboat web} alone, on a second host reading the same catalog.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** No form of these pages needs more; a larger body is refused before it is read. */
    static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final Javalin app;
    private final OperatorActions actions;
    private final String url;

    private WebServer(Javalin app, OperatorActions actions, String url) {
        this.app = app;
        this.actions = actions;
        this.url = url;
    }

    /**
     * Starts serving. {@code schedulerRunning} is the readiness check's scheduler (null where no scheduler runs in
     * this process, as under {@code lifeboat web}).
     */
    public static WebServer start(Lifeboat lifeboat, WebConfig web, BooleanSupplier schedulerRunning) {
        Templates templates = new Templates();
        Access access = new Access(lifeboat.users(), templates, web.tls());
        OperatorActions actions = new OperatorActions(lifeboat);
        Board board = new Board(lifeboat);
        ItPages it = new ItPages(lifeboat, board, templates, actions);
        AuditPages audit = new AuditPages(lifeboat, templates);
        Metrics metrics = new Metrics(lifeboat, board);
        Health health = new Health(lifeboat, schedulerRunning);
        PublicPages pub = new PublicPages(lifeboat, board, templates, web);
        IncidentPages incidents = new IncidentPages(lifeboat, templates);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jetty.host = web.host();
            config.jetty.port = web.port();
            if (web.tls()) {
                tls(config, web);
            }
            config.routes.before(WebServer::securityHeaders);
            access.routes(config);
            it.routes(config);
            audit.routes(config);
            pub.routes(config);
            incidents.routes(config);
            config.routes.get("/metrics", metrics::scrape);
            config.routes.get("/health/live", health::live);
            config.routes.get("/health/ready", health::ready);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> problem(templates, ctx,
                    HttpStatus.BAD_REQUEST, e.getMessage()));
            config.routes.exception(NotFound.class, (e, ctx) -> problem(templates, ctx, HttpStatus.NOT_FOUND,
                    e.getMessage()));
            config.routes.exception(SQLException.class, (e, ctx) -> {
                LOG.warn("catalog error on {}: {}", ctx.path(), e.toString());
                problem(templates, ctx, HttpStatus.SERVICE_UNAVAILABLE, "the catalog cannot be read right now");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    problem(templates, ctx, HttpStatus.NOT_FOUND, "there is no such page");
                }
            });
        });
        app.start();
        String url = (web.tls() ? "https://" : "http://") + (web.host().contains(":") ? "[" + web.host() + "]"
                : web.host()) + ":" + app.port();
        LOG.info("web pages at {}{}", url, web.publicUrl() == null ? "" : " (public address " + web.publicUrl() + ")");
        return new WebServer(app, actions, url);
    }

    /** A PKCS12 keystore's certificate on the configured port, instead of plain HTTP. */
    private static void tls(JavalinConfig config, WebConfig web) {
        config.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(web.keystore().toString());
            ssl.setKeyStoreType("PKCS12");
            if (web.keystorePassword() != null) {
                ssl.setKeyStorePassword(web.keystorePassword());
            }
            httpConfig.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(httpConfig));
            c.setHost(web.host());
            c.setPort(web.port());
            return c;
        });
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
        ctx.header("Cache-Control", "no-store");
    }

    static void problem(Templates templates, Context ctx, HttpStatus status, String message) {
        ctx.status(status);
        ctx.html(templates.render("problem.jte", Map.of("page", Page.open(status.getCode() + " " + status.getMessage()),
                "message", message == null ? status.getMessage() : message)));
    }

    /** The address served, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return url;
    }

    public int port() {
        return app.port();
    }

    /** Stops serving; actions under way are left to finish on their own. */
    @Override
    public void close() {
        app.stop();
        actions.close();
    }
}
