package lifeboat.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lifeboat.core.Lifeboat;
import lifeboat.core.auditing.LogEntry;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.NotificationRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.NotificationState;
import lifeboat.core.trial.Grade;

/** The pages for IT behind the login: the dashboard, a page per source, per backup and per recovery plan. */
final class ItPages {
    /** How many backups a source's page lists (newest first); the auditor's CSV has them all. */
    static final int BACKUPS_SHOWN = 100;

    private final Lifeboat lifeboat;
    private final Board board;
    private final Templates templates;
    private final OperatorActions actions;

    ItPages(Lifeboat lifeboat, Board board, Templates templates, OperatorActions actions) {
        this.lifeboat = lifeboat;
        this.board = board;
        this.templates = templates;
        this.actions = actions;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/", this::dashboard);
        config.routes.get("/source/{name}", this::source);
        config.routes.get("/backup/{id}", this::backup);
        config.routes.get("/plan/{name}", this::plan);
        config.routes.post("/source/{name}/{action}", this::act);
    }

    private void dashboard(Context ctx) throws Exception {
        Instant now = Instant.now();
        Inventory inv = lifeboat.inventory();
        List<NotificationRecord> undelivered = inv.notifications(now.minus(Duration.ofDays(7))).stream()
                .filter(n -> n.state() != NotificationState.SENT).toList();
        Map<String, Object> p = new HashMap<>();
        p.put("page", Access.viewer(ctx).page("Lifeboat", Flash.text(ctx.queryParam("done"))));
        p.put("sources", board.states(now));
        p.put("space", lifeboat.health().space());
        p.put("runs", inv.runs(now.minus(Duration.ofHours(24))).stream()
                .sorted(Comparator.comparing(r -> r.startedAt(), Comparator.reverseOrder())).toList());
        p.put("problems", inv.openAlerts());
        p.put("undelivered", undelivered);
        p.put("plans", lifeboat.config().recoveryPlans().keySet().stream().sorted().toList());
        p.put("incidents", lifeboat.incidents().list(true));
        p.put("systems", IncidentPages.systems(lifeboat));
        p.put("auditChain", auditChain(now));
        ctx.html(templates.render("dashboard.jte", p));
    }

    /** When the audit chain was last verified and what was found (issue: auditors ask first). */
    private String auditChain(Instant now) throws SQLException {
        Optional<LogEntry> last = lifeboat.auditing().lastVerified();
        if (last.isEmpty()) {
            return "never verified (lifeboat audit verify)";
        }
        Map<String, Object> e = last.get().event();
        boolean intact = Boolean.TRUE.equals(e.get("intact"));
        return "last verified " + Format.ago(last.get().at(), now) + " (" + Format.time(last.get().at()) + "): "
                + (intact ? "intact, " + e.get("entries") + " entries" : "BROKEN: " + e.get("break"));
    }

    private SourceConfig sourceConfig(String name) {
        return lifeboat.config().source(name).orElseThrow(() -> new NotFound("no source '" + name + "'"));
    }

    private void source(Context ctx) throws SQLException {
        SourceConfig sc = sourceConfig(ctx.pathParam("name"));
        Inventory inv = lifeboat.inventory();
        SourceState state = board.states(Instant.now()).stream().filter(s -> s.name().equals(sc.name())).findFirst()
                .orElseThrow();
        List<BackupRecord> backups = new ArrayList<>(inv.backups(sc.name()));
        backups.sort(Comparator.comparing(BackupRecord::startedAt).reversed());
        Map<String, Grade> grades = inv.grades(sc.name());
        Map<String, List<CopyCheck>> copies = inv.copyChecks(sc.name());
        List<BackupRow> rows = backups.stream().limit(BACKUPS_SHOWN).map(b -> new BackupRow(b,
                grades.getOrDefault(b.id(), Grade.NONE), copies.getOrDefault(b.id(), List.of()))).toList();
        List<VerificationRecord> verifications = new ArrayList<>(inv.verificationsOf(sc.name()));
        Collections.reverse(verifications);
        List<TrialRecord> trials = new ArrayList<>(inv.trials(sc.name()));
        Collections.reverse(trials);
        Long expected = trials.stream().filter(TrialRecord::passed).map(TrialRecord::durationMs)
                .filter(d -> d != null).findFirst().orElse(null);
        OperatorActions.Kind running = actions.running(sc.name());
        Map<String, Object> p = new HashMap<>();
        p.put("page", Access.viewer(ctx).page(sc.name(), Flash.text(ctx.queryParam("done"))));
        p.put("state", state);
        p.put("backups", rows);
        p.put("total", backups.size());
        p.put("verifications", verifications.stream().limit(50).toList());
        p.put("trials", trials.stream().limit(50).toList());
        p.put("expected", expected == null ? "unknown (no trial restore has passed)"
                : Format.millis(expected) + " (as the last passed trial restore took)");
        p.put("running", running == null ? null : running.words);
        ctx.html(templates.render("source.jte", p));
    }

    private void backup(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        Inventory inv = lifeboat.inventory();
        if (inv.backup(id).isEmpty()) {
            throw new NotFound("no backup '" + id + "'");
        }
        Inventory.Details d = inv.details(id);
        List<FindingView> findings = new ArrayList<>();
        for (VerificationRecord v : d.verifications()) {
            if (v.findings() > 0) {
                inv.findings(v.id()).forEach(f -> findings.add(new FindingView(v.id(), f.kind().label(),
                        f.objectKey(), f.path(), f.message())));
            }
        }
        Map<String, Object> p = new HashMap<>();
        p.put("page", Access.viewer(ctx).page("Backup " + id, null));
        p.put("d", d);
        p.put("grade", inv.grades(d.backup().source()).getOrDefault(id, Grade.NONE));
        p.put("copies", inv.copyChecks(d));
        p.put("findings", findings);
        ctx.html(templates.render("backup.jte", p));
    }

    private void plan(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        if (!lifeboat.config().recoveryPlans().containsKey(name)) {
            throw new NotFound("no recovery plan '" + name + "'");
        }
        Map<String, Object> p = new HashMap<>();
        p.put("page", Access.viewer(ctx).page("Recovery plan " + name, null));
        p.put("plan", lifeboat.recoveries().plan(name, null, List.of()));
        ctx.html(templates.render("plan.jte", p));
    }

    private void act(Context ctx) throws SQLException {
        Viewer v = Access.viewer(ctx);
        SourceConfig sc = sourceConfig(ctx.pathParam("name"));
        OperatorActions.Kind kind = OperatorActions.Kind.of(ctx.pathParam("action"));
        if (!v.role().mayAct()) {
            lifeboat.users().record(v.user(), v.client(), kind.name().toLowerCase(), false, sc.name()
                    + ": refused, role " + v.role());
            WebServer.problem(templates, ctx, HttpStatus.FORBIDDEN, "the role " + v.role() + " may look but not act");
            return;
        }
        boolean started = actions.start(kind, sc.name(), v.user());
        lifeboat.users().record(v.user(), v.client(), kind.name().toLowerCase(), started, sc.name()
                + (started ? "" : ": refused, another action is running"));
        ctx.redirect("/source/" + Links.segment(sc.name()) + "?done=" + (started ? kind.name().toLowerCase() : "busy"),
                HttpStatus.SEE_OTHER);
    }
}
