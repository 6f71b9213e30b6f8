package lifeboat.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The pages' templates, compiled to classes at build time by jte's Maven plugin (src/main/jte): every {@code ${}}
 * in them is HTML-escaped for where it stands (text, attribute, URL).
 */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(name, params, out);
        return out.toString();
    }
}
