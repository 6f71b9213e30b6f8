package lifeboat.spi;

/** The value types a plugin property may take; the core checks them before a plugin sees the value. */
public enum PropertyType {
    STRING,
    INTEGER,
    BOOLEAN,
    /** A filesystem path; relative ones are resolved against the configuration file's directory. */
    PATH,
    STRING_LIST,
    /** A duration such as {@code 24h}, {@code 30m}, {@code 7d}. */
    DURATION
}
