package lifeboat.core.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Test-only source type {@code flaky-files}: the real {@code files} source, except that opening it fails with a
 * {@link ConnectException} (a transient, network-like failure) once for each existing {@code failMarker} file, which
 * the failure deletes; with {@code authFails: true} it always fails as a refused login (permanent), with
 * {@code timesOut: true} always as a timeout (transient).
 */
public final class FlakyFilesPlugin implements Plugin {
    @Override
    public List<SourceFactory> sourceFactories() {
        return List.of(new SourceFactory() {
            @Override
            public String type() {
                return "flaky-files";
            }

            @Override
            public List<PropertySpec> properties() {
                return List.of(PropertySpec.required("path", PropertyType.PATH, "root directory"),
                        PropertySpec.optional("failMarker", PropertyType.PATH, "fail once while this file exists"),
                        PropertySpec.optional("authFails", PropertyType.BOOLEAN, "always fail as a refused login"),
                        PropertySpec.optional("timesOut", PropertyType.BOOLEAN, "always fail as a timeout"));
            }

            @Override
            public Source create(Settings settings, PluginContext context) throws IOException {
                if (settings.bool("authFails", false)) {
                    throw new IOException("authentication failed for user backup (test)");
                }
                if (settings.bool("timesOut", false)) {
                    throw new ConnectException("connection timed out (test, always)");
                }
                Path marker = settings.path("failMarker").orElse(null);
                if (marker != null && Files.deleteIfExists(marker)) {
                    throw new ConnectException("connection timed out (test)");
                }
                Map<String, Object> values = new HashMap<>();
                values.put("path", settings.requirePath("path"));
                return PluginRegistry.load().source("files").orElseThrow()
                        .create(new Settings(settings.name(), "files", values), context);
            }
        });
    }
}
