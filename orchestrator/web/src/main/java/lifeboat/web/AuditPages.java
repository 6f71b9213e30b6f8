package lifeboat.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.catalog.WebActionRecord;
import lifeboat.core.inventory.Inventory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The auditor's view: the whole history of backups, verifications, trial restores, incidents and web actions,
 * read-only,
 * one page with a CSV download per kind. Every role may read it; none can change anything here.
 */
final class AuditPages {
    private static final int SHOWN = 200;

    private final Lifeboat lifeboat;
    private final Templates templates;

    AuditPages(Lifeboat lifeboat, Templates templates) {
        this.lifeboat = lifeboat;
        this.templates = templates;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/audit", this::page);
        config.routes.get("/audit/{kind}.csv", this::csv);
    }

    List<AuditEntry> entries(String kind) throws Exception {
        Inventory inv = lifeboat.inventory();
        List<AuditEntry> out = new ArrayList<>();
        Map<String, String> sourceOf = new HashMap<>();
        if (kind.equals("all") || kind.equals("backups") || kind.equals("verifications")) {
            for (BackupRecord b : inv.backups(null)) {
                sourceOf.put(b.id(), b.source());
                if (!kind.equals("verifications")) {
                    out.add(new AuditEntry(b.startedAt(), "backup", b.source(), b.id(), b.status().label(),
                            b.level().label() + ", " + b.files() + " files, " + b.bytes() + " bytes"
                                    + (b.error() == null ? "" : "; " + b.error())));
                }
            }
        }
        if (kind.equals("all") || kind.equals("verifications")) {
            for (VerificationRecord v : inv.verificationsOf(null)) {
                out.add(new AuditEntry(v.startedAt(), "verification", sourceOf.getOrDefault(v.backupId(), ""), v.backupId(),
                        v.status() == null ? "running" : v.status().label(), v.mode().label() + " on " + v.storage()
                                + ", " + v.objectsChecked() + " objects, " + v.findings() + " findings"));
            }
        }
        if (kind.equals("all") || kind.equals("trials")) {
            for (TrialRecord t : inv.trials(null)) {
                out.add(new AuditEntry(t.startedAt(), "trial-restore", t.source(), t.backupId(), t.status().label(),
                        t.error() == null ? t.checks().size() + " checks" : t.error()));
            }
        }
        if (kind.equals("all") || kind.equals("incidents")) {
            for (IncidentRecord i : lifeboat.incidents().list(false)) {
                out.add(new AuditEntry(i.openedAt(), i.drill() ? "incident (drill)" : "incident",
                        String.join(" ", i.systems()), "#" + i.id() + " " + i.title(), i.state().label(),
                        i.severity().label() + (i.reportedVia() == null ? "" : ", reported via " + i.reportedVia().label())
                                + (i.resolvedAt() == null ? "" : ", resolved " + i.resolvedAt())
                                + (i.cause() == null ? "" : "; cause: " + i.cause())));
            }
        }
        if (kind.equals("all") || kind.equals("actions")) {
            for (WebActionRecord a : lifeboat.users().actions(Instant.EPOCH)) {
                out.add(new AuditEntry(a.at(), "web:" + a.action(), "", a.user() + " from " + a.client(),
                        a.ok() ? "ok" : "refused", a.detail()));
            }
        }
        if (!List.of("all", "backups", "verifications", "trials", "incidents", "actions").contains(kind)) {
            throw new NotFound("no history '" + kind + "' (all, backups, verifications, trials, incidents, actions)");
        }
        out.sort(Comparator.comparing(AuditEntry::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return out;
    }

    private void page(Context ctx) throws Exception {
        List<AuditEntry> all = entries("all");
        Map<String, Object> p = new HashMap<>();
        p.put("page", Access.viewer(ctx).page("History", null));
        p.put("entries", all.stream().limit(SHOWN).toList());
        p.put("total", all.size());
        ctx.html(templates.render("audit.jte", p));
    }

    private void csv(Context ctx) throws Exception {
        String kind = ctx.pathParam("kind");
        List<AuditEntry> entries = entries(kind);
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder()
                .setHeader("at", "kind", "source", "subject", "outcome", "detail").get())) {
            for (AuditEntry e : entries) {
                csv.printRecord((Object[]) e.cells());
            }
        }
        lifeboat.users().record(Access.viewer(ctx).user(), ctx.ip(), "export", true, kind + ".csv, " + entries.size()
                + " rows");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"lifeboat-" + kind + ".csv\"");
        ctx.result(w.toString());
    }
}
