package lifeboat.plugin.email;

import lifeboat.spi.Notice;
import lifeboat.spi.Severity;

/** The HTML rendering of a notice; every piece of text is escaped, since it may quote log output or file names. */
final class NoticeHtml {
    private NoticeHtml() {
    }

    static String render(Notice notice, String subject, String footer) {
        StringBuilder b = new StringBuilder(512);
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(subject))
                .append("</title></head>\n<body style=\"font-family:sans-serif\">\n");
        b.append("<h2 style=\"color:").append(colour(notice.severity())).append("\">").append(escape(subject))
                .append("</h2>\n");
        b.append("<pre style=\"white-space:pre-wrap\">").append(escape(notice.text())).append("</pre>\n");
        if (notice.advice() != null && !notice.advice().isBlank()) {
            b.append("<p><strong>What to do:</strong> ").append(escape(notice.advice()).replace("\n", "<br>\n"))
                    .append("</p>\n");
        }
        b.append("<p style=\"color:#666666;font-size:small\">").append(escape(footer)).append("</p>\n");
        return b.append("</body></html>\n").toString();
    }

    static String colour(Severity severity) {
        return switch (severity) {
            case ERROR -> "#b00020";
            case WARNING -> "#b26a00";
            case INFO -> "#1b5e20";
        };
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
