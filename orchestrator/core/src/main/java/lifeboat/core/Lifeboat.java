package lifeboat.core;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.catalog.Catalog;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.NotificationsConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.notify.Alerts;
import lifeboat.core.notify.Dispatcher;
import lifeboat.spi.Channel;
import lifeboat.spi.PluginContext;
import lifeboat.spi.Source;
import lifeboat.spi.Storage;

/**
 * An opened Lifeboat installation: its configuration, plugins, catalog and storage targets. The services
 * (backup, verify, restore) work through it. Storage targets are opened once and shared; sources are opened per job.
 */
public final class Lifeboat implements AutoCloseable {
    private final LifeboatConfig config;
    private final PluginRegistry plugins;
    private final Catalog catalog;
    private final Map<String, Storage> storages = new LinkedHashMap<>();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private Alerts alerts;
    private final PluginContext context;

    private Lifeboat(LifeboatConfig config, PluginRegistry plugins, Catalog catalog) {
        this.config = config;
        this.plugins = plugins;
        this.catalog = catalog;
        this.context = config::dataDir;
    }

    public static Lifeboat open(LifeboatConfig config, PluginRegistry plugins) throws IOException, SQLException {
        Files.createDirectories(config.dataDir());
        return new Lifeboat(config, plugins, Catalog.open(config.catalogUrl()));
    }

    public LifeboatConfig config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    public SourceConfig sourceConfig(String name) {
        return config.source(name).orElseThrow(() -> new IllegalArgumentException(
                "no source named '" + name + "' in " + config.file() + " (sources: "
                        + String.join(", ", config.sources().stream().map(SourceConfig::name).toList()) + ")"));
    }

    public synchronized Storage storage(String name) throws IOException {
        Storage s = storages.get(name);
        if (s == null) {
            TargetConfig t = config.target(name).orElseThrow(() -> new IllegalArgumentException(
                    "no storage target named '" + name + "' in " + config.file()));
            s = plugins.storage(t.type()).orElseThrow().create(t.settings(), context);
            storages.put(name, s);
        }
        return s;
    }

    /** The targets a source's backups go to, opened. */
    public List<Storage> storagesOf(SourceConfig source) throws IOException {
        List<Storage> out = new ArrayList<>();
        for (String name : source.storage()) {
            out.add(storage(name));
        }
        return out;
    }

    /** A notification channel, opened once and shared. */
    public synchronized Channel channel(String name) throws IOException {
        Channel c = channels.get(name);
        if (c == null) {
            NotificationsConfig.ChannelConfig cc = config.notifications().channels().stream()
                    .filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no notification channel named '" + name + "' in "
                            + config.file() + " (channels: " + String.join(", ", config.notifications().channels().stream()
                                    .map(NotificationsConfig.ChannelConfig::name).toList()) + ")"));
            c = plugins.channel(cc.type()).orElseThrow().create(cc.settings(), context);
            channels.put(name, c);
        }
        return c;
    }

    /** Where events are raised; messages go out through the catalog's outbox. */
    public synchronized Alerts alerts() {
        if (alerts == null) {
            java.time.Clock clock = java.time.Clock.systemUTC();
            alerts = new Alerts(catalog, config.notifications(),
                    new Dispatcher(catalog, this::channel, lifeboat.core.backup.ProcessOwner.current(), clock), clock);
        }
        return alerts;
    }

    public Source openSource(SourceConfig source) throws IOException {
        return plugins.source(source.type()).orElseThrow().create(source.settings(), context);
    }

    @Override
    public void close() throws IOException, SQLException {
        Alerts a;
        synchronized (this) {
            a = alerts;
        }
        if (a != null) {
            a.close(); // before the catalog: messages under way still record how they went
        }
        IOException first = null;
        for (Channel c : channels.values()) {
            try {
                c.close();
            } catch (IOException e) {
                first = e;
            }
        }
        for (Storage s : storages.values()) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        catalog.close();
        if (first != null) {
            throw first;
        }
    }
}
