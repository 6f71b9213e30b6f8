package lifeboat.core.plugins;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import lifeboat.core.config.PluginTypes;
import lifeboat.spi.ChannelFactory;
import lifeboat.spi.Plugin;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.SourceFactory;
import lifeboat.spi.StorageFactory;

/** The source, storage and notification channel types of every plugin on the class path, found with {@link ServiceLoader}. */
public final class PluginRegistry implements PluginTypes {
    private final Map<String, SourceFactory> sources = new TreeMap<>();
    private final Map<String, StorageFactory> storages = new TreeMap<>();
    private final Map<String, ChannelFactory> channels = new TreeMap<>();

    private PluginRegistry() {
    }

    public static PluginRegistry load() {
        return load(PluginRegistry.class.getClassLoader());
    }

    public static PluginRegistry load(ClassLoader loader) {
        PluginRegistry r = new PluginRegistry();
        for (Plugin plugin : ServiceLoader.load(Plugin.class, loader)) {
            for (SourceFactory f : plugin.sourceFactories()) {
                SourceFactory clash = r.sources.putIfAbsent(f.type(), f);
                if (clash != null) {
                    throw new IllegalStateException("two plugins provide source type '" + f.type() + "': "
                            + clash.getClass().getName() + " and " + f.getClass().getName());
                }
            }
            for (ChannelFactory f : plugin.channelFactories()) {
                ChannelFactory clash = r.channels.putIfAbsent(f.type(), f);
                if (clash != null) {
                    throw new IllegalStateException("two plugins provide channel type '" + f.type() + "': "
                            + clash.getClass().getName() + " and " + f.getClass().getName());
                }
            }
            for (StorageFactory f : plugin.storageFactories()) {
                StorageFactory clash = r.storages.putIfAbsent(f.type(), f);
                if (clash != null) {
                    throw new IllegalStateException("two plugins provide storage type '" + f.type() + "': "
                            + clash.getClass().getName() + " and " + f.getClass().getName());
                }
            }
        }
        return r;
    }

    public Optional<SourceFactory> source(String type) {
        return Optional.ofNullable(sources.get(type));
    }

    public Optional<StorageFactory> storage(String type) {
        return Optional.ofNullable(storages.get(type));
    }

    public Optional<ChannelFactory> channel(String type) {
        return Optional.ofNullable(channels.get(type));
    }

    public Set<String> channelTypes() {
        return channels.keySet();
    }

    public Set<String> sourceTypes() {
        return sources.keySet();
    }

    public Set<String> storageTypes() {
        return storages.keySet();
    }

    @Override
    public Set<String> types(Kind kind) {
        return switch (kind) {
            case SOURCE -> sourceTypes();
            case STORAGE -> storageTypes();
            case CHANNEL -> channelTypes();
        };
    }

    @Override
    public Optional<List<PropertySpec>> properties(Kind kind, String type) {
        return switch (kind) {
            case SOURCE -> source(type).map(SourceFactory::properties);
            case STORAGE -> storage(type).map(StorageFactory::properties);
            case CHANNEL -> channel(type).map(ChannelFactory::properties);
        };
    }
}
