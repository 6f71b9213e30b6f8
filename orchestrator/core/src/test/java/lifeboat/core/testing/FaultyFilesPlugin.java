package lifeboat.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.spi.Plugin;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Source;
import lifeboat.spi.SourceFactory;
import lifeboat.spi.TreeEntry;
import lifeboat.spi.TreeSource;
import lifeboat.spi.TreeVisitor;

/**
 * Test-only source type {@code faulty-files}: the real {@code files} source, except that opening a file whose name is
 * listed in {@code failOn} throws {@link AccessDeniedException}, as an unreadable file does for a non-root user.
 */
public final class FaultyFilesPlugin implements Plugin {
    @Override
    public List<SourceFactory> sourceFactories() {
        return List.of(new SourceFactory() {
            @Override
            public String type() {
                return "faulty-files";
            }

            @Override
            public List<PropertySpec> properties() {
                return List.of(PropertySpec.required("path", PropertyType.PATH, "root directory"),
                        PropertySpec.optional("failOn", PropertyType.STRING_LIST, "file names whose open() fails"));
            }

            @Override
            public Source create(Settings settings, PluginContext context) throws IOException {
                Map<String, Object> values = new HashMap<>();
                values.put("path", settings.requirePath("path"));
                TreeSource real = (TreeSource) PluginRegistry.load().source("files").orElseThrow()
                        .create(new Settings(settings.name(), "files", values), context);
                return new Faulty(real, settings.list("failOn"));
            }
        });
    }

    private record Faulty(TreeSource real, List<String> failOn) implements TreeSource {
        @Override
        public String name() {
            return real.name();
        }

        @Override
        public String location() {
            return real.location();
        }

        @Override
        public void walk(TreeVisitor visitor) throws IOException {
            real.walk(visitor);
        }

        @Override
        public InputStream open(TreeEntry entry) throws IOException {
            String fileName = entry.path().substring(entry.path().lastIndexOf('/') + 1);
            if (failOn.contains(fileName)) {
                throw new AccessDeniedException(entry.path());
            }
            return real.open(entry);
        }

        @Override
        public TreeEntry stat(String path) throws IOException {
            return real.stat(path);
        }
    }
}
