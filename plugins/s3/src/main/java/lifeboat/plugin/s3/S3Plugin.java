package lifeboat.plugin.s3;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.StorageFactory;

/** Provides the {@code s3} storage type: a bucket on AWS S3 or any S3-compatible object store. */
public final class S3Plugin implements Plugin {
    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new S3StorageFactory());
    }
}
