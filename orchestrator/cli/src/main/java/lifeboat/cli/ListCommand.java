package lifeboat.cli;

import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
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
            // rows are printed in blocks: System.out writes (and flushes) each printf at once, 50,000 writes for a
            // listing of 50,000 backups; the columns are padded by hand, as printf would (README "Performance")
            StringBuilder text = new StringBuilder();
            if (!global.json) {
                text.append(String.format("%-22s %-16s %-12s %-9s %-10s %-20s %9s %11s %11s  %s%n", "ID", "SOURCE",
                        "LEVEL", "STATUS", "GRADE", "STARTED", "FILES", "BYTES", "STORED", "COPIES"));
            }
            // each row printed as it is made: 50,000 rows kept until the end filled a 128 MiB heap
            Output.JsonArray json = global.json ? new Output.JsonArray() : null;
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
                if (json != null) {
                    json.add(i);
                } else {
                    row(text, i);
                    if (text.length() >= BLOCK) {
                        System.out.print(text);
                        text.setLength(0);
                    }
                }
            }
            System.out.print(text);
            if (json != null) {
                json.finish();
            }
            return Main.OK;
        }
    }

    /** What the text listing prints at once. */
    private static final int BLOCK = 64 * 1024;
    private static final Pattern FRACTION = Pattern.compile("\\.\\d+Z$");
    /** Whether printf's {@code %d} writes the digits 0-9 in this JVM's locale (it writes the locale's digits). */
    private static final boolean ASCII_DIGITS = DecimalFormatSymbols.getInstance(
            Locale.getDefault(Locale.Category.FORMAT)).getZeroDigit() == '0';

    /**
     * One row, as {@code "%-22s %-16s %-12s %-9s %-10s %-20s %9d %11s %11s  %s%n"} formats it (the header's
     * columns).
     */
    static void row(StringBuilder out, Map<String, Object> i) {
        left(out, i.get("id"), 22);
        left(out, i.get("source"), 16);
        left(out, i.get("level"), 12);
        left(out, i.get("status"), 9);
        left(out, i.get("grade"), 10);
        left(out, FRACTION.matcher(String.valueOf(i.get("startedAt"))).replaceAll("Z"), 20);
        long files = (Long) i.get("files");
        right(out, ASCII_DIGITS ? Long.toString(files) : String.format("%d", files), 9);
        right(out, Output.bytes((Long) i.get("bytes")), 11);
        right(out, Output.bytes((Long) i.get("storedBytes")), 11);
        out.append(' ').append(describe(i.get("copyStates"))).append(System.lineSeparator());
    }

    /** {@code %-Ns} and the space after it. */
    private static void left(StringBuilder out, Object value, int width) {
        String s = String.valueOf(value);
        out.append(s);
        pad(out, width - s.length());
        out.append(' ');
    }

    /** {@code %Ns} and the space after it. */
    private static void right(StringBuilder out, String s, int width) {
        pad(out, width - s.length());
        out.append(s).append(' ');
    }

    private static void pad(StringBuilder out, int n) {
        for (int k = 0; k < n; k++) {
            out.append(' ');
        }
    }

    /** The copies column: each copy with its verification state. */
    static String describe(Object checks) {
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
