package lifeboat.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.document.Document;
import lifeboat.core.document.DocumentFormat;
import lifeboat.core.document.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, description = {"The incident report (policy 7), built"
        + " from the record: summary, how it was reported, systems and down time, cause, timeline, recovery steps,"
        + " data lost per source, recovery times against the plan and RPO, monitoring, messages sent, preventive"
        + " measures.", "Written to stdout, or whole to --out FILE (written to a temporary name, then renamed)."})
final class IncidentReportCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
    long id;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md", description = "md, html or pdf;"
            + " default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Override
    public Integer call() throws Exception {
        DocumentFormat f = DocumentFormat.of(format).orElseThrow(() -> new IllegalArgumentException(
                "--format '" + format + "': give md, html or pdf"));
        if (f == DocumentFormat.PDF && out == null && !global.json) {
            throw new IllegalArgumentException("a PDF goes to a file: give --out FILE");
        }
        try (Lifeboat lb = global.open()) {
            Document doc = lb.incidents().report(id);
            if (out != null) {
                Documents.write(doc, f, out);
                if (global.json) {
                    Output.json(Map.of("incident", id, "format", f.label(), "file", out.toAbsolutePath().toString()));
                } else {
                    System.out.println("wrote " + out);
                }
            } else if (global.json) {
                Output.json(doc);
            } else {
                Documents.write(doc, f, System.out);
                System.out.flush();
            }
            return Main.OK;
        }
    }
}
