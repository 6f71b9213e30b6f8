package lifeboat.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.spi.ObjectInfo;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Plugin;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Storage;
import lifeboat.spi.StorageFactory;

/**
 * Test-only storage type {@code locked-local}: the real {@code local} target, with an Object Lock as S3 has one:
 * the objects of the backups in {@link #LOCKED} are retained until the given time, and deleting them fails then.
 * (The test S3 server cannot lock; this stands in for a bucket that can.)
 */
public final class LockedLocalPlugin implements Plugin {
    /** Backup id to the time its objects are retained until. */
    public static final Map<String, Instant> LOCKED = new ConcurrentHashMap<>();

    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new StorageFactory() {
            @Override
            public String type() {
                return "locked-local";
            }

            @Override
            public List<PropertySpec> properties() {
                return List.of(PropertySpec.required("path", PropertyType.PATH, "directory that holds the repository"));
            }

            @Override
            public Storage create(Settings settings, PluginContext context) throws IOException {
                Storage real = PluginRegistry.load().storage("local").orElseThrow()
                        .create(new Settings(settings.name(), "local", Map.of("path", settings.requirePath("path"))),
                                context);
                return new Locked(real);
            }
        });
    }

    private record Locked(Storage real) implements Storage {
        private Optional<Instant> lock(String key) {
            return LOCKED.entrySet().stream().filter(e -> key.contains("/" + e.getKey() + "/"))
                    .map(Map.Entry::getValue).filter(t -> t.isAfter(Instant.now())).findFirst();
        }

        @Override
        public Optional<Instant> retainedUntil(String key) {
            return lock(key);
        }

        @Override
        public void delete(String key) throws IOException {
            if (lock(key).isPresent()) {
                throw new IOException("AccessDenied: object " + key + " is under Object Lock retention");
            }
            real.delete(key);
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public String location() {
            return real.location();
        }

        @Override
        public PendingObject create(String key) throws IOException {
            return real.create(key);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return real.open(key);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) throws IOException {
            return real.stat(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return real.list(prefix);
        }

        @Override
        public int removeIncomplete(String prefix) throws IOException {
            return real.removeIncomplete(prefix);
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
