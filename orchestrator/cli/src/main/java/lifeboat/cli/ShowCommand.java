package lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.BackupKind;
import lifeboat.core.repo.Json;
import lifeboat.core.trial.Grade;
import lifeboat.core.repo.ManifestEntry;
import lifeboat.core.repo.ManifestReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one backup: objects, copies, verifications, and optionally its files (symlinks with their targets); --json for the JSON document.")
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
            Grade grade = inventory.grades(b.source()).get(id);
            List<CopyCheck> checks = inventory.copyChecks(d);
            boolean listFiles = files && b.status().usable() && b.kind() == BackupKind.FILES;
            if (!global.json) {
                printText(d, grade, checks);
                if (listFiles) {
                    System.out.println("files:");
                    try (ManifestReader r = inventory.manifest(d)) {
                        for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                            if (!e.type().equals("deleted")) {
                                System.out.printf("  %-8s %04o %12d %s %s%s%n", e.type(), e.mode(), e.size(), e.mtime(),
                                        e.path(), e.link() == null ? "" : " -> " + e.link());
                            }
                        }
                    }
                }
                return Main.OK;
            }
            Map<String, Object> m = ListCommand.summary(b, d.copies(), checks);
            m.put("grade", grade);
            m.put("trialRestores", d.trials());
            if (b.details() != null) {
                m.put("details", Json.MAPPER.readValue(b.details(), Map.class));
            }
            m.put("objects", d.objects());
            m.put("verifications", d.verifications());
            if (listFiles) {
                List<ManifestEntry> entries = new ArrayList<>();
                try (ManifestReader r = inventory.manifest(d)) {
                    for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                        entries.add(e);
                    }
                }
                m.put("files", entries);
            }
            Output.json(m);
            return Main.OK;
        }
    }

    private static void printText(Inventory.Details d, Grade grade, List<CopyCheck> checks) {
        BackupRecord b = d.backup();
        System.out.println("backup " + b.id() + " of " + b.source() + " (" + b.sourceType() + ", " + b.level().label()
                + (b.parentId() == null ? "" : ", parent " + b.parentId()) + ")");
        System.out.println("  status:   " + b.status().label() + (grade == null ? "" : ", grade " + grade.label()));
        System.out.println("  started:  " + b.startedAt() + (b.finishedAt() == null ? "" : ", finished " + b.finishedAt()));
        System.out.println("  content:  " + b.files() + " files, " + Output.bytes(b.bytes()) + "; stored "
                + Output.bytes(b.storedBytes()));
        if (b.error() != null) {
            System.out.println("  error:    " + b.error());
        }
        System.out.println("copies:");
        d.copies().forEach(c -> System.out.println("  " + c.storage() + ": " + c.status()
                + (c.committedAt() == null ? "" : " at " + c.committedAt()) + checks.stream()
                        .filter(k -> k.storage().equals(c.storage())).map(k -> ", " + k.describe()).findFirst().orElse("")));
        System.out.println("objects:");
        d.objects().forEach(o -> System.out.printf("  %-10s %10s  %s  %s%n", o.storage(), Output.bytes(o.size()),
                o.sha256(), o.key()));
        System.out.println("verifications:" + (d.verifications().isEmpty() ? " none" : ""));
        d.verifications().forEach(v -> System.out.printf("  %d %s on %s: %s, %d objects, %d files, %s read, %d findings"
                + " (%s)%n", v.id(), v.mode(), v.storage(), v.status(), v.objectsChecked(), v.filesChecked(),
                Output.bytes(v.bytesRead()), v.findings(), v.startedAt()));
        System.out.println("trial restores:" + (d.trials().isEmpty() ? " none" : ""));
        d.trials().forEach(t -> System.out.println("  " + t.id() + " " + t.status() + " (" + t.startedAt() + ")"
                + (t.error() == null ? "" : ": " + t.error())));
    }
}
