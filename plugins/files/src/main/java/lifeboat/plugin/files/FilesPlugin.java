package lifeboat.plugin.files;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.SourceFactory;

/** Provides the {@code files} source type: a directory tree on this machine. */
public final class FilesPlugin implements Plugin {
    @Override
    public List<SourceFactory> sourceFactories() {
        return List.of(new FilesSourceFactory());
    }
}
