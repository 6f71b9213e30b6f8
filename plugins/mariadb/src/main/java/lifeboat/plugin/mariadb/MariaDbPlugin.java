package lifeboat.plugin.mariadb;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.SourceFactory;

/** Provides the {@code mariadb} source type: databases dumped with mariadb-dump, restored with the mariadb client. */
public final class MariaDbPlugin implements Plugin {
    @Override
    public List<SourceFactory> sourceFactories() {
        return List.of(new MariaDbSourceFactory());
    }
}
