package lifeboat.plugin.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Source;
import lifeboat.spi.SourceFactory;

/** Source type {@code sftp}: a share on the school's file server, read over SFTP. */
final class SftpSourceFactory implements SourceFactory {
    @Override
    public String type() {
        return "sftp";
    }

    @Override
    public List<PropertySpec> properties() {
        List<PropertySpec> specs = new ArrayList<>(new SftpStorageFactory().properties());
        specs.removeIf(p -> p.name().equals("path"));
        specs.add(PropertySpec.required("path", PropertyType.STRING, "remote directory of the share"));
        specs.add(PropertySpec.optional("exclude", PropertyType.STRING_LIST, "glob patterns of paths to leave out"));
        return specs;
    }

    @Override
    public Source create(Settings settings, PluginContext context) throws IOException {
        SftpConfig config = SftpStorageFactory.config(settings);
        if (!Files.isReadable(config.knownHosts())) {
            throw new IOException(config.name() + ": knownHosts file " + config.knownHosts()
                    + " is missing or unreadable; create it with: ssh-keyscan -p " + config.port() + " " + config.host());
        }
        return new SftpTreeSource(config, settings.list("exclude"));
    }
}
