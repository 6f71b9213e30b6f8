package lifeboat.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.WebConfig;

/**
 * The pages for the school, without login: {@code /status} (each system with its status, in plain words: never a
 * host name, path, error text or backup id) and {@code /report}. Both work without JavaScript.
 */
final class PublicPages {
    private final Lifeboat lifeboat;
    private final Board board;
    private final Templates templates;
    private final WebConfig web;

    PublicPages(Lifeboat lifeboat, Board board, Templates templates, WebConfig web) {
        this.lifeboat = lifeboat;
        this.board = board;
        this.templates = templates;
        this.web = web;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/status", this::status);
    }

    private void status(Context ctx) throws SQLException {
        List<SystemStatus> systems = board.states(Instant.now()).stream().map(s -> new SystemStatus(s.name(),
                s.light() == Light.RED ? "Backups need attention" : "Protected", s.light() == Light.RED ? "amber"
                        : "green")).toList();
        Map<String, Object> p = new HashMap<>();
        p.put("page", Page.open("Status"));
        p.put("systems", systems);
        ctx.html(templates.render("status.jte", p));
    }
}
