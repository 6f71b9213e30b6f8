package lifeboat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.document.DocumentFormat;
import lifeboat.core.document.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "break-glass", mixinStandardHelpOptions = true, description = "Write the break-glass sheet: per source,"
        + " in recovery-plan order, where every copy is, the latest good backup with its objects' SHA-256, its"
        + " encryption key's fingerprint, and the exact commands that restore it without Lifeboat; and the contacts."
        + " Print it and keep it with the identity.")
final class BreakGlassCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--format", paramLabel = "FORMAT", description = "pdf (default), html or md.")
    String format = "pdf";

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: break-glass.FORMAT in the"
            + " current directory); written whole or not at all.")
    Path out;

    @Override
    public Integer call() throws Exception {
        DocumentFormat f = DocumentFormat.of(format).orElseThrow(() -> new IllegalArgumentException(
                "--format is pdf, html or md, not '" + format + "'"));
        Path file = out != null ? out : Path.of("break-glass." + f.extension());
        try (Lifeboat lb = global.open()) {
            try {
                Documents.write(lb.breakGlass().build(), f, file);
            } catch (IOException e) {
                throw new IOException("cannot write the break-glass sheet to " + file + ": " + e.getMessage(), e);
            }
            if (global.json) {
                Output.json(Map.of("file", file.toAbsolutePath().toString(), "format", f.label()));
            } else {
                System.out.println("wrote the break-glass sheet to " + file.toAbsolutePath() + " (" + f.label() + ")");
            }
            return Main.OK;
        }
    }
}
