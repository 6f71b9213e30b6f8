package lifeboat.spi;

import java.util.Locale;

/** How urgent a notice is; channels show it (a mail header, a colour) and rules may route by it. */
public enum Severity {
    INFO,
    WARNING,
    ERROR;

    /** The word used in configuration, headers and JSON: {@code info}, {@code warning}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    public static Severity of(String label) {
        for (Severity s : values()) {
            if (s.label().equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + label + "' (info, warning, error)");
    }
}
