package lifeboat.core.plugins;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.spi.PluginContext;
import lifeboat.spi.Storage;

/**
 * The configured storage targets, each opened on first use and then shared, and closed once with {@link #close}.
 * Thread-safe.
 */
public final class Targets implements AutoCloseable {
    private final LifeboatConfig config;
    private final PluginRegistry plugins;
    private final PluginContext context;
    private final Map<String, Storage> open = new LinkedHashMap<>();

    public Targets(LifeboatConfig config, PluginRegistry plugins, PluginContext context) {
        this.config = requireNonNull(config, "config is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.context = requireNonNull(context, "context is null");
    }

    /** The target named {@code name}, opened; the message names the configuration file when there is none. */
    public synchronized Storage get(String name) throws IOException {
        Storage s = open.get(name);
        if (s == null) {
            TargetConfig t = config(name);
            s = plugins.storage(t.type()).orElseThrow().create(t.settings(), context);
            open.put(name, s);
        }
        return s;
    }

    public TargetConfig config(String name) {
        return config.target(name).orElseThrow(() -> new IllegalArgumentException(
                "no storage target named '" + name + "' in " + config.file()));
    }

    /** Whether {@code name} is still a configured target (a backup may have been copied to one removed since). */
    public boolean configured(String name) {
        return config.target(name).isPresent();
    }

    public List<TargetConfig> all() {
        return config.storage();
    }

    /** The targets a source's backups go to, opened. */
    public List<Storage> of(SourceConfig source) throws IOException {
        List<Storage> out = new ArrayList<>();
        for (String name : source.storage()) {
            out.add(get(name));
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (Storage s : open.values()) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
