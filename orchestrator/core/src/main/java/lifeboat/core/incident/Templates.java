package lifeboat.core.incident;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lifeboat.core.model.Audience;
import lifeboat.core.model.MessageKind;

/**
 * The message templates, one per audience and kind of message ({@code school/update.mustache}), in Mustache. The
 * defaults are in the jar under {@code lifeboat/incident/templates/}; a file of the same name under the override
 * directory ({@code templates/} beside the configuration file) replaces one. The first line of a rendered template
 * is the subject, the rest the body. Text is not HTML-escaped: channels escape what they render as HTML.
 */
final class Templates {
    private static final String DEFAULTS = "lifeboat/incident/templates/";

    private final Path overrides;
    private final DefaultMustacheFactory factory = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

    /** @param overrides the directory whose templates replace the defaults, or null */
    Templates(Path overrides) {
        this.overrides = overrides;
    }

    /** A rendered message. */
    record Rendered(String subject, String body) {
    }

    /** The template's file name under the defaults or the override directory. */
    static String name(Audience audience, MessageKind kind) {
        return audience.label() + "/" + kind.label() + ".mustache";
    }

    Rendered render(Audience audience, MessageKind kind, Map<String, Object> context) {
        Mustache m = compiled.computeIfAbsent(name(audience, kind), this::compile);
        StringWriter out = new StringWriter();
        m.execute(out, context);
        String text = out.toString().strip();
        int nl = text.indexOf('\n');
        String subject = (nl < 0 ? text : text.substring(0, nl)).strip();
        String body = nl < 0 ? "" : text.substring(nl + 1).strip();
        return new Rendered(subject, body.replaceAll("\n{3,}", "\n\n"));
    }

    private Mustache compile(String name) {
        try {
            if (overrides != null && Files.isRegularFile(overrides.resolve(name))) {
                return factory.compile(new StringReader(Files.readString(overrides.resolve(name))),
                        overrides.resolve(name).toString());
            }
            InputStream in = Templates.class.getClassLoader().getResourceAsStream(DEFAULTS + name);
            if (in == null) {
                throw new IllegalStateException("no message template " + name + (overrides == null ? ""
                        : " (neither in " + overrides + " nor among the defaults)"));
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return factory.compile(r, DEFAULTS + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message template " + name + ": " + e.getMessage(), e);
        }
    }
}
