package lifeboat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.breakglass.BreakGlassSheet;
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

    @Option(names = "--publish", description = "Instead, put the PDF onto every storage target as "
            + BreakGlassSheet.KEY + " (what the daemon does every night). Exit 1 when a target did not take it.")
    boolean publish;

    @Override
    public Integer call() throws Exception {
        DocumentFormat f = DocumentFormat.of(format).orElseThrow(() -> new IllegalArgumentException(
                "--format is pdf, html or md, not '" + format + "'"));
        Path file = out != null ? out : Path.of("break-glass." + f.extension());
        try (Lifeboat lb = global.open()) {
            if (publish) {
                return publish(lb);
            }
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

    private Integer publish(Lifeboat lb) throws Exception {
        if (out != null || !"pdf".equals(format)) {
            throw new IllegalArgumentException("--publish puts the PDF onto the storage targets: leave out --out and"
                    + " --format");
        }
        List<BreakGlassSheet.Published> done = lb.breakGlass().publish();
        if (global.json) {
            Output.json(done);
        } else {
            for (BreakGlassSheet.Published p : done) {
                System.out.println(p.ok() ? "put the break-glass sheet onto " + p.storage() + " as " + p.key() + " ("
                        + Output.bytes(p.bytes()) + ")" : "could not put it onto " + p.storage() + ": " + p.error());
            }
        }
        return done.stream().allMatch(BreakGlassSheet.Published::ok) ? Main.OK : Main.FAILED;
    }
}
