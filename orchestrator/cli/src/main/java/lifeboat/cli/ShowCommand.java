package lifeboat.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.ObjectRecord;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.ReadChain;
import lifeboat.core.repo.StoredObjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show one backup: objects, copies, verifications, and optionally its files.")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "ID", description = "Backup id.")
    String id;

    @Option(names = "--files", description = "List every path in the backup's manifest.")
    boolean files;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            BackupRecord b = lb.catalog().backup(id)
                    .orElseThrow(() -> new IllegalArgumentException("no backup with id '" + id + "'"));
            Map<String, Object> m = ListCommand.summary(b, lb.catalog().copies(id));
            m.put("grade", ListCommand.grades(lb, b.source()).get(id));
            m.put("trialRestores", lb.catalog().trials(b.source()).stream().filter(t -> t.backupId().equals(id)).toList());
            if (b.details() != null) {
                m.put("details", Json.MAPPER.readValue(b.details(), Map.class));
            }
            m.put("objects", lb.catalog().objects(id));
            m.put("verifications", lb.catalog().verifications(id));
            List<ManifestEntry> entries = new ArrayList<>();
            if (files && b.status().usable() && b.kind().equals("files")) {
                String target = lb.catalog().copies(id).get(0).storage();
                List<ObjectRecord> onTarget = lb.catalog().objects(id).stream().filter(o -> o.storage().equals(target))
                        .toList();
                ObjectRecord manifest = StoredObjects.find(onTarget, ObjectRecord::key, RepositoryLayout.MANIFEST);
                if (manifest == null) {
                    throw new IOException("backup " + id + " has no manifest on " + target + " in the catalog");
                }
                String identity = lb.config().source(b.source()).map(sc -> sc.encryption()).map(e -> e.identity())
                        .orElse(null);
                try (ManifestReader r = new ManifestReader(ReadChain.content(lb.storage(target), manifest.key(),
                        manifest.size(), manifest.sha256(), identity), manifest.key())) {
                    for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                        if (global.json) {
                            entries.add(e);
                        } else if (!e.type().equals("deleted")) {
                            System.out.printf("%-8s %04o %12d %s %s%n", e.type(), e.mode(), e.size(), e.mtime(), e.path());
                        }
                    }
                }
                m.put("files", entries);
            }
            if (global.json) {
                Output.json(m);
            } else {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(System.out, withoutFiles(m));
                System.out.println();
            }
            return Main.OK;
        }
    }

    private static Map<String, Object> withoutFiles(Map<String, Object> m) {
        m.remove("files");
        return m;
    }
}
