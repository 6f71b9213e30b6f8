package lifeboat.spi;

import java.util.List;

/**
 * Entry point of a plugin jar, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/lifeboat.spi.Plugin}. Every method has a default so a plugin names only what it adds.
 */
public interface Plugin {
    default List<StorageFactory> storageFactories() {
        return List.of();
    }

    default List<SourceFactory> sourceFactories() {
        return List.of();
    }

    default List<ChannelFactory> channelFactories() {
        return List.of();
    }
}
