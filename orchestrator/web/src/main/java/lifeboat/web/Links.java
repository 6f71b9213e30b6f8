package lifeboat.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Path segments for links, percent-encoded. */
public final class Links {
    private Links() {
    }

    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String source(String name) {
        return "/source/" + segment(name);
    }

    public static String backup(String id) {
        return "/backup/" + segment(id);
    }
}
