package lifeboat.core.document;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lifeboat.core.document.Document.Block;
import lifeboat.core.document.Document.Bullets;
import lifeboat.core.document.Document.Code;
import lifeboat.core.document.Document.Field;
import lifeboat.core.document.Document.Fields;
import lifeboat.core.document.Document.Heading;
import lifeboat.core.document.Document.PageBreak;
import lifeboat.core.document.Document.Text;
import lifeboat.core.document.Document.Table;

/** GitHub-flavoured Markdown; text that Markdown would read as markup is escaped. */
final class MarkdownRenderer {
    private MarkdownRenderer() {}

    static void render(Document doc, OutputStream out) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(inline(doc.title())).append("\n\n");
        if (doc.subtitle() != null) {
            s.append('*').append(inline(doc.subtitle())).append("*\n\n");
        }
        for (Block b : doc.blocks()) {
            block(s, b);
        }
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void block(StringBuilder s, Block b) {
        if (b instanceof Heading h) {
            s.append("#".repeat(h.level() + 1)).append(' ').append(inline(h.text())).append("\n\n");
        } else if (b instanceof Text p) {
            s.append(inline(p.text())).append("\n\n");
        } else if (b instanceof Fields f) {
            for (Field field : f.fields()) {
                s.append("- **").append(inline(field.name())).append(":** ").append(inline(field.value()))
                        .append('\n');
            }
            s.append('\n');
        } else if (b instanceof Table t) {
            table(s, t);
        } else if (b instanceof Code c) {
            String fence = c.text().contains("```") ? "~~~~" : "```";
            s.append(fence).append('\n').append(c.text()).append(c.text().endsWith("\n") ? "" : "\n")
                    .append(fence).append("\n\n");
        } else if (b instanceof Bullets l) {
            for (String item : l.items()) {
                s.append("- ").append(inline(item)).append('\n');
            }
            s.append('\n');
        } else if (b instanceof PageBreak p) {
            s.append("---\n\n");
        }
    }

    private static void table(StringBuilder s, Table t) {
        row(s, t.headers());
        s.append('|');
        t.headers().forEach(h -> s.append(" --- |"));
        s.append('\n');
        t.rows().forEach(r -> row(s, r));
        s.append('\n');
    }

    private static void row(StringBuilder s, List<String> cells) {
        s.append('|');
        for (String c : cells) {
            s.append(' ').append(inline(c).replace("|", "\\|").replace("\n", "<br>")).append(" |");
        }
        s.append('\n');
    }

    /**
     * Backslash-escapes what Markdown would read as markup, so a value never turns into a link, a tag, emphasis or a
     * heading: emphasis, code, brackets (a link needs them) and angle brackets anywhere, and a heading or list marker
     * at the start. Parentheses and the like stay as typed, so the text still reads well as plain text in a mail.
     */
    static String inline(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            boolean lineStart = i == 0 || text.charAt(i - 1) == '\n';
            if ("\\`*_[]<>~".indexOf(ch) >= 0 || (lineStart && "#+-".indexOf(ch) >= 0)) {
                s.append('\\');
            }
            s.append(ch);
        }
        return s.toString();
    }
}
