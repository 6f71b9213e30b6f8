package lifeboat.core.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.catalog.IncidentReportStore;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.plugins.Targets;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;

/**
 * Keeps incident reports on record (policy 7): every version in the catalog, and the latest as Markdown and PDF on
 * every storage target under {@code incidents/<id>/}, each put atomically (nothing is visible under the key until
 * it is whole). A target that fails does not keep the others from having it.
 */
final class ReportArchive {
    private final IncidentReportStore store;
    private final Targets targets;

    ReportArchive(IncidentReportStore store, Targets targets) {
        this.store = store;
        this.targets = targets;
    }

    /** Where a report went: a storage target, or why not. */
    record Kept(String target, String key, String error) {
        boolean ok() {
            return error == null;
        }
    }

    static String key(long id, String extension) {
        return "incidents/" + id + "/report." + extension;
    }

    List<Kept> keep(long id, Instant at, String markdown, byte[] pdf) throws SQLException {
        store.keep(id, at, markdown, pdf);
        List<Kept> out = new ArrayList<>();
        for (TargetConfig t : targets.all()) {
            try {
                Storage s = targets.get(t.name());
                put(s, key(id, "md"), markdown.getBytes(StandardCharsets.UTF_8));
                put(s, key(id, "pdf"), pdf);
                out.add(new Kept(t.name(), key(id, "pdf"), null));
            } catch (IOException | RuntimeException e) {
                out.add(new Kept(t.name(), key(id, "pdf"), e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return out;
    }

    private static void put(Storage s, String key, byte[] bytes) throws IOException {
        try (PendingObject o = s.create(key)) {
            o.write(bytes);
            o.commit();
        }
    }
}
