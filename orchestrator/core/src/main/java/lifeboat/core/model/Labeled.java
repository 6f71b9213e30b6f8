package lifeboat.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose constants are written as lower-case words with dashes ({@code trial-restore}): in the catalog, in
 * configuration and in {@code --json} output. The JSON writer and every store use {@link #label()}, never the name.
 */
public interface Labeled {
    String name();

    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant written as {@code label}; the message lists the ones there are. */
    static <E extends Enum<E> & Labeled> E of(Class<E> type, String label) {
        Object exact = label == null ? null : Labels.BY_LABEL.get(type).get(label);
        if (exact != null) {
            return type.cast(exact);
        }
        String wanted = label == null ? "" : label.trim();
        for (E e : type.getEnumConstants()) {
            if (e.label().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + words(type.getSimpleName()) + " '" + label + "' ("
                + Arrays.stream(type.getEnumConstants()).map(Labeled::label).collect(Collectors.joining(", ")) + ")");
    }

    private static String words(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
