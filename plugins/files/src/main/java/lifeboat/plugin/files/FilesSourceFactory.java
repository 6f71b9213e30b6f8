package lifeboat.plugin.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import lifeboat.spi.Excludes;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Source;
import lifeboat.spi.SourceFactory;

final class FilesSourceFactory implements SourceFactory {
    @Override
    public String type() {
        return "files";
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of(
                PropertySpec.required("path", PropertyType.PATH, "root directory of the share"),
                PropertySpec.optional("exclude", PropertyType.STRING_LIST, "glob patterns of paths to leave out"));
    }

    @Override
    public Source create(Settings settings, PluginContext context) throws IOException {
        var root = settings.requirePath("path");
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("source '" + settings.name() + "': " + root + " does not exist (is the share"
                    + " mounted?)");
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("source '" + settings.name() + "': " + root + " is not a directory");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new IOException("source '" + settings.name() + "': " + root + " cannot be read by this user");
        }
        return new LocalTreeSource(settings.name(), root, new Excludes(settings.list("exclude")));
    }
}
