package lifeboat.core.plugins;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.spi.Channel;
import lifeboat.spi.PluginContext;

/** The configured notification channels, each opened on first use and then shared. Thread-safe. */
public final class Channels implements AutoCloseable {
    private final NotificationsConfig config;
    private final PluginRegistry plugins;
    private final PluginContext context;
    private final String file;
    private final Map<String, Channel> open = new LinkedHashMap<>();

    /** @param file the configuration file, for messages */
    public Channels(NotificationsConfig config, PluginRegistry plugins, PluginContext context, String file) {
        this.config = requireNonNull(config, "config is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.context = requireNonNull(context, "context is null");
        this.file = file;
    }

    public synchronized Channel get(String name) throws IOException {
        Channel c = open.get(name);
        if (c == null) {
            NotificationsConfig.ChannelConfig cc = config.channels().stream().filter(x -> x.name().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no notification channel named '"
                            + name + "' in " + file + " (channels: " + String.join(", ", config.channels().stream()
                                    .map(NotificationsConfig.ChannelConfig::name).toList()) + ")"));
            c = plugins.channel(cc.type()).orElseThrow().create(cc.settings(), context);
            open.put(name, c);
        }
        return c;
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (Channel c : open.values()) {
            try {
                c.close();
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
