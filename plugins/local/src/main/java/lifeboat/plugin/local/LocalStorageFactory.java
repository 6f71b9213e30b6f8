package lifeboat.plugin.local;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Storage;
import lifeboat.spi.StorageFactory;

final class LocalStorageFactory implements StorageFactory {
    @Override
    public String type() {
        return "local";
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of(PropertySpec.required("path", PropertyType.PATH, "directory that holds the repository"));
    }

    @Override
    public Storage create(Settings settings, PluginContext context) throws IOException {
        var root = settings.requirePath("path");
        Files.createDirectories(root);
        return new LocalStorage(settings.name(), root);
    }
}
