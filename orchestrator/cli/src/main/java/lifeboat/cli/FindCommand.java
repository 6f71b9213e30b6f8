package lifeboat.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.inventory.Finder;
import lifeboat.core.repo.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "find", mixinStandardHelpOptions = true, description = {"List the backups (and their copies) that hold"
        + " paths matching a glob, with each match's size and modification time.",
        "A pattern is matched against the whole path below the share's root and against the file name:"
                + " 'noten*.csv', 'staff/**/*.docx'. Exit 1 when a backup's manifest could not be read."})
final class FindCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "PATTERN", description = "Glob on the path or the file name.")
    String pattern;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Only backups of this source.")
    String source;

    @Override
    public Integer call() throws Exception {
        try (Lifeboat lb = global.open()) {
            Finder.Summary s = global.json ? json(lb.finder()) : text(lb.finder());
            return s.ok() ? Main.OK : Main.FAILED;
        }
    }

    private Finder.Summary text(Finder finder) throws Exception {
        Finder.Summary s = finder.find(pattern, source, m -> System.out.printf("%s  %-14s %-8s %10s  %s  %s%s   [%s]%n",
                m.backup(), m.source(), m.type(), Output.bytes(m.size()), m.mtime(), m.path(),
                m.link() == null ? "" : " -> " + m.link(), String.join(", ", m.copies())));
        s.problems().forEach(p -> System.err.println("error: " + p));
        System.out.println(s.matches() == 0 ? "no path matches '" + pattern + "' in " + s.backupsSearched() + " backups"
                : s.matches() + " matches in " + s.backupsSearched() + " backups searched");
        return s;
    }

    /** Written as the matches come, so that a pattern matching millions of paths does not fill the heap. */
    private Finder.Summary json(Finder finder) throws Exception {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(System.out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("pattern", pattern);
            g.writeStringField("source", source);
            g.writeArrayFieldStart("matches");
            Finder.Summary s = finder.find(pattern, source, m -> {
                try {
                    g.writeObject(m);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeNumberField("backupsSearched", s.backupsSearched());
            g.writeObjectField("problems", s.problems());
            g.writeEndObject();
            g.flush();
            System.out.println();
            return s;
        }
    }
}
