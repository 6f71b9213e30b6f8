package lifeboat.core.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import lifeboat.spi.PropertySpec;

/**
 * The plugin types a configuration may name and the properties each declares: all the loader needs of the plugins.
 * An interface here rather than the registry itself, so that config depends on no other core package
 * ({@code lifeboat.core.plugins.PluginRegistry} implements it).
 */
public interface PluginTypes {
    /** The kinds of entry in lifeboat.yaml that name a plugin type. */
    enum Kind {
        SOURCE("source"), STORAGE("storage"), CHANNEL("channel");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The word messages use, as in "unknown storage type". */
        public String label() {
            return label;
        }
    }

    /** The known types of this kind, sorted. */
    Set<String> types(Kind kind);

    /** The properties a type of this kind declares, or empty when no plugin provides the type. */
    Optional<List<PropertySpec>> properties(Kind kind, String type);
}
