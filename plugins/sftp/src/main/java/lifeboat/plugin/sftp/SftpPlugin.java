package lifeboat.plugin.sftp;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.SourceFactory;
import lifeboat.spi.StorageFactory;

/**
 * Provides the {@code sftp} storage type (a directory on an SSH server, for example a NAS) and the {@code sftp}
 * source type (a share on the school's file server, read over SFTP).
 */
public final class SftpPlugin implements Plugin {
    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new SftpStorageFactory());
    }

    @Override
    public List<SourceFactory> sourceFactories() {
        return List.of(new SftpSourceFactory());
    }
}
