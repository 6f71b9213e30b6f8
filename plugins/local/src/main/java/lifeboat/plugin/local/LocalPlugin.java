package lifeboat.plugin.local;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.StorageFactory;

/** Provides the {@code local} storage type: a directory on a local or mounted filesystem. */
public final class LocalPlugin implements Plugin {
    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new LocalStorageFactory());
    }
}
