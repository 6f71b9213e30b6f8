package lifeboat.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import lifeboat.core.Lifeboat;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (the catalog answers a query, and where a
 * scheduler runs in this process, it is running): {@code {"status":"UP"|"DOWN","checks":[...]}}, 503 when DOWN.
 */
final class Health {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lifeboat lifeboat;
    private final BooleanSupplier scheduler;

    Health(Lifeboat lifeboat, BooleanSupplier scheduler) {
        this.lifeboat = lifeboat;
        this.scheduler = scheduler;
    }

    void live(Context ctx) throws Exception {
        answer(ctx, List.of(check("process", true)));
    }

    void ready(Context ctx) throws Exception {
        List<Map<String, Object>> checks = new ArrayList<>();
        checks.add(check("catalog", lifeboat.catalogReachable()));
        if (scheduler != null) {
            checks.add(check("scheduler", scheduler.getAsBoolean()));
        }
        answer(ctx, checks);
    }

    private static Map<String, Object> check(String name, boolean up) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("status", up ? "UP" : "DOWN");
        return m;
    }

    private static void answer(Context ctx, List<Map<String, Object>> checks) throws Exception {
        boolean up = checks.stream().allMatch(c -> "UP".equals(c.get("status")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
        ctx.contentType("application/json");
        ctx.result(JSON.writeValueAsString(body));
    }
}
