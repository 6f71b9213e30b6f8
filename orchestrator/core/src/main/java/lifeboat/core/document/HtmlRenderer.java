package lifeboat.core.document;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import lifeboat.core.document.Document.Block;
import lifeboat.core.document.Document.Bullets;
import lifeboat.core.document.Document.Code;
import lifeboat.core.document.Document.Field;
import lifeboat.core.document.Document.Fields;
import lifeboat.core.document.Document.Heading;
import lifeboat.core.document.Document.PageBreak;
import lifeboat.core.document.Document.Text;
import lifeboat.core.document.Document.Table;

/** One self-contained HTML page (its style inline, no script), printable; every value escaped. */
final class HtmlRenderer {
    private static final String STYLE = """
            body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;color:#222;line-height:1.4}
            table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #bbb;padding:.2em .5em;\
            text-align:left;vertical-align:top}th{background:#eee}pre{background:#f4f4f4;padding:.5em;\
            overflow-x:auto;white-space:pre-wrap}dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}\
            dt{font-weight:bold}dd{margin:0}.subtitle{color:#555}\
            @media print{.pagebreak{page-break-after:always;border:0}}""";

    private HtmlRenderer() {}

    static void render(Document doc, OutputStream out) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escapeHtml4(doc.title())).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n<h1>").append(escapeHtml4(doc.title())).append("</h1>\n");
        if (doc.subtitle() != null) {
            s.append("<p class=\"subtitle\">").append(escapeHtml4(doc.subtitle())).append("</p>\n");
        }
        for (Block b : doc.blocks()) {
            block(s, b);
        }
        s.append("</body></html>\n");
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void block(StringBuilder s, Block b) {
        if (b instanceof Heading h) {
            s.append("<h").append(h.level() + 1).append('>').append(escapeHtml4(h.text()))
                    .append("</h").append(h.level() + 1).append(">\n");
        } else if (b instanceof Text p) {
            s.append("<p>").append(escapeHtml4(p.text()).replace("\n", "<br>")).append("</p>\n");
        } else if (b instanceof Fields f) {
            s.append("<dl>");
            for (Field field : f.fields()) {
                s.append("<dt>").append(escapeHtml4(field.name())).append("</dt><dd>")
                        .append(escapeHtml4(field.value())).append("</dd>");
            }
            s.append("</dl>\n");
        } else if (b instanceof Table t) {
            s.append("<table><thead><tr>");
            t.headers().forEach(h -> s.append("<th>").append(escapeHtml4(h)).append("</th>"));
            s.append("</tr></thead><tbody>\n");
            for (var row : t.rows()) {
                s.append("<tr>");
                row.forEach(c -> s.append("<td>").append(escapeHtml4(c).replace("\n", "<br>")).append("</td>"));
                s.append("</tr>\n");
            }
            s.append("</tbody></table>\n");
        } else if (b instanceof Code c) {
            s.append("<pre><code>").append(escapeHtml4(c.text())).append("</code></pre>\n");
        } else if (b instanceof Bullets l) {
            s.append("<ul>");
            l.items().forEach(i -> s.append("<li>").append(escapeHtml4(i)).append("</li>"));
            s.append("</ul>\n");
        } else if (b instanceof PageBreak p) {
            s.append("<hr class=\"pagebreak\">\n");
        }
    }
}
