package lifeboat.plugin.sftp;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.StorageFactory;

/** Provides the {@code sftp} storage type: a directory on an SSH server, for example a NAS. */
public final class SftpPlugin implements Plugin {
    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new SftpStorageFactory());
    }
}
