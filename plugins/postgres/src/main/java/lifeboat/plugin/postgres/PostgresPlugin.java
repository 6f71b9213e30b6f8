package lifeboat.plugin.postgres;

import java.util.List;
import lifeboat.spi.Plugin;
import lifeboat.spi.SourceFactory;

/** Provides the {@code postgres} source type: databases dumped with pg_dump, restored with pg_restore. */
public final class PostgresPlugin implements Plugin {
    @Override
    public List<SourceFactory> sourceFactories() {
        return List.of(new PostgresSourceFactory());
    }
}
