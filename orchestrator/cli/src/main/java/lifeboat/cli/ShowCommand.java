package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.BackupKind;
import lifeboat.core.repo.Json;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one backup: objects, copies, verifications, and optionally its files.")
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
            Inventory inventory = lb.inventory();
            Inventory.Details d = inventory.details(id);
            BackupRecord b = d.backup();
            Map<String, Object> m = ListCommand.summary(b, d.copies());
            m.put("grade", inventory.grades(b.source()).get(id));
            m.put("trialRestores", d.trials());
            if (b.details() != null) {
                m.put("details", Json.MAPPER.readValue(b.details(), Map.class));
            }
            m.put("objects", d.objects());
            m.put("verifications", d.verifications());
            List<ManifestEntry> entries = new ArrayList<>();
            if (files && b.status().usable() && b.kind() == BackupKind.FILES) {
                try (ManifestReader r = inventory.manifest(d)) {
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
