package lifeboat.spi;

import java.nio.file.Path;

/** What the core offers a plugin when it creates a source or storage target. */
public interface PluginContext {
    /** Lifeboat's working directory ({@code dataDir}); plugins may keep scratch files below {@code dataDir/tmp}. */
    Path dataDir();

    /** A logger for the plugin's messages; never pass it a secret. */
    default System.Logger logger(Class<?> owner) {
        return System.getLogger(owner.getName());
    }
}
