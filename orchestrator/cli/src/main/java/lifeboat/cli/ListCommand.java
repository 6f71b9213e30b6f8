package lifeboat.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.catalog.CopyState;
import lifeboat.core.catalog.PrunedCopy;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.BackupStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List backups, oldest first (pruned ones only with --all).")
final class ListCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "SOURCE", arity = "0..1", description = "Only this source's backups.")
    String source;

    @Option(names = "--all", description = "Also the backups prune removed (state pruned), kept as history.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.openForReading()) {
            List<Inventory.Listed> backups = lb.inventory().listing(source);
            Map<String, PrunedCopy> pruned = new HashMap<>();
            if (all) {
                lb.pruner().history(source).stream().filter(PrunedCopy::done).forEach(p -> pruned.put(p.backupId(), p));
            }
            List<Map<String, Object>> items = new ArrayList<>();
            if (!global.json) {
                System.out.printf("%-22s %-16s %-12s %-9s %-10s %-20s %9s %11s %11s  %s%n", "ID", "SOURCE", "LEVEL",
                        "STATUS", "GRADE", "STARTED", "FILES", "BYTES", "STORED", "COPIES");
            }
            for (Inventory.Listed l : backups) {
                BackupRecord b = l.backup();
                if (!all && b.status() == BackupStatus.PRUNED) {
                    continue;
                }
                Map<String, Object> i = summary(b, l.copies().stream().map(CopyState::copy).toList(),
                        l.copies().stream().map(CopyCheck::of).toList());
                i.put("grade", l.grade());
                PrunedCopy p = pruned.get(b.id());
                if (b.status() == BackupStatus.PRUNED && p != null) {
                    i.put("prunedAt", p.prunedAt());
                    i.put("prunedBy", p.reason());
                }
                if (global.json) {
                    items.add(i);
                } else {
                    // each row printed as it is made: 50,000 rows kept until the end filled a 128 MiB heap
                    System.out.printf("%-22s %-16s %-12s %-9s %-10s %-20s %9d %11s %11s  %s%n", i.get("id"), i.get("source"),
                            i.get("level"), i.get("status"), i.get("grade"),
                            String.valueOf(i.get("startedAt")).replaceAll("\\.\\d+Z$", "Z"),
                            (Long) i.get("files"), Output.bytes((Long) i.get("bytes")),
                            Output.bytes((Long) i.get("storedBytes")), describe(i.get("copyStates")));
                }
            }
            if (global.json) {
                Output.json(items);
            }
            return Main.OK;
        }
    }

    /** The copies column: each copy with its verification state. */
    private static String describe(Object checks) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) checks) {
            CopyCheck c = (CopyCheck) o;
            out.add(c.storage() + (c.complete() ? "" : " (incomplete)") + ": " + c.describe());
        }
        return out.isEmpty() ? "-" : String.join("; ", out);
    }

    /** @param checks each copy's verification state */
    static Map<String, Object> summary(BackupRecord b, List<CopyRecord> copies, List<CopyCheck> checks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("source", b.source());
        m.put("type", b.sourceType());
        m.put("kind", b.kind());
        m.put("level", b.level().label());
        m.put("parent", b.parentId());
        m.put("status", b.status().label());
        m.put("startedAt", b.startedAt());
        m.put("finishedAt", b.finishedAt());
        m.put("files", b.files());
        m.put("bytes", b.bytes());
        m.put("storedBytes", b.storedBytes());
        m.put("copies", copies.stream().map(c -> c.storage() + ":" + c.status()).toList());
        m.put("copyStates", checks);

        if (b.error() != null) {
            m.put("error", b.error());
        }
        return m;
    }
}
