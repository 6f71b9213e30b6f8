package lifeboat.core.document;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats a {@link Document} is written in; the labels are the CLI's {@code --format} values. */
public enum DocumentFormat {
    MD("md", "text/markdown; charset=utf-8"),
    HTML("html", "text/html; charset=utf-8"),
    PDF("pdf", "application/pdf");

    private final String label;
    private final String mediaType;

    DocumentFormat(String label, String mediaType) {
        this.label = label;
        this.mediaType = mediaType;
    }

    public String label() {
        return label;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return label;
    }

    public static Optional<DocumentFormat> of(String label) {
        String l = label == null ? "" : label.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.label.equals(l) || ("markdown".equals(l) && f == MD)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
