package lifeboat.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.auditing.BackupReport;
import lifeboat.core.auditing.BackupReports;
import lifeboat.core.auditing.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backups", mixinStandardHelpOptions = true, description = "Per source and day: whether a backup ran"
        + " and its outcome, level, size, verification, trial restore, offsite copy, encryption and RPO; the period's"
        + " coverage; every exception with what was done about it; the audit chain's signed checkpoint.")
final class ReportBackupsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day (2026-11-01).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day, inclusive (2026-11-30).")
    String to;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source (repeatable; default: all).")
    List<String> sourceOption = new ArrayList<>();

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "Sources, as with --source.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT", description = "csv, json, pdf or md;"
            + " default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (whole or not at all);"
            + " default: standard output (not for pdf).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ReportFormat f = ReportFormat.of(format);
        if (global.json) {
            f = ReportFormat.JSON;
        }
        if (f == ReportFormat.PDF && out == null) {
            throw new IllegalArgumentException("--format pdf needs --out FILE");
        }
        LocalDate first = date("--from", from);
        LocalDate last = date("--to", to);
        List<String> chosen = new ArrayList<>(sourceOption);
        chosen.addAll(sources);
        try (Lifeboat lb = global.open()) {
            BackupReport r = lb.reports().build(first, last, chosen);
            byte[] bytes = BackupReports.render(r, f);
            if (out == null) {
                System.out.write(bytes);
                System.out.flush();
            } else {
                writeWhole(out, bytes);
                System.err.println("report written to " + out + " (" + r.days().size() + " source-days, "
                        + r.exceptions().size() + " exceptions)");
            }
            return Main.OK;
        }
    }

    private static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a date (2026-11-01)");
        }
    }

    /** Temporary name beside the file, synced, then renamed over it. */
    private static void writeWhole(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
