package lifeboat.core.plugins;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import lifeboat.core.config.EncryptionSpec;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.spi.PluginContext;
import lifeboat.spi.Source;

/** The configured sources, and a fresh connection to one for each job (the caller closes it). Thread-safe. */
public final class Sources {
    private final LifeboatConfig config;
    private final PluginRegistry plugins;
    private final PluginContext context;

    public Sources(LifeboatConfig config, PluginRegistry plugins, PluginContext context) {
        this.config = requireNonNull(config, "config is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.context = requireNonNull(context, "context is null");
    }

    /** The source named {@code name}; the message names the configuration file and lists the sources there are. */
    public SourceConfig get(String name) {
        return config.source(name).orElseThrow(() -> new IllegalArgumentException(
                "no source named '" + name + "' in " + config.file() + " (sources: "
                        + String.join(", ", names()) + ")"));
    }

    /**
     * The age identity that reads a source's copy on a storage target back, or null (its encrypted objects then
     * name the missing identity). Every reader of a stored object asks here, with the target it reads from.
     */
    public String identity(String source, String storage) {
        return config.identity(source, storage);
    }

    /** How a source's copy on a storage target is to be encrypted, or null: for every writer of a copy. */
    public EncryptionSpec encryption(String source, String storage) {
        return config.encryption(source, storage);
    }

    public Optional<SourceConfig> find(String name) {
        return config.source(name);
    }

    public List<SourceConfig> all() {
        return config.sources();
    }

    public List<String> names() {
        return config.sources().stream().map(SourceConfig::name).toList();
    }

    public Source open(SourceConfig source) throws IOException {
        return plugins.source(source.type()).orElseThrow().create(source.settings(), context);
    }
}
