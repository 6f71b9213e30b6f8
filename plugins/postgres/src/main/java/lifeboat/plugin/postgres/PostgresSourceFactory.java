package lifeboat.plugin.postgres;

import java.io.IOException;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Source;
import lifeboat.spi.SourceFactory;
import lifeboat.support.db.DbKind;
import lifeboat.support.db.Leftovers;

final class PostgresSourceFactory implements SourceFactory {
    static final int DEFAULT_PORT = 5432;
    static final DbKind KIND = new DbKind("postgres", PostgresSource.JDBC, DEFAULT_PORT, PgTools.DEBIAN_PACKAGE,
            "database name, or \"*\" for every database of the server except templates",
            "role to connect as",
            "password of the role; omit for trust or peer authentication",
            "directory holding pg_dump, pg_dumpall, pg_restore and psql; default: the PATH");

    @Override
    public String type() {
        return KIND.type();
    }

    @Override
    public List<PropertySpec> properties() {
        return KIND.properties(List.of(PropertySpec.optional("jobs", PropertyType.INTEGER,
                "parallel pg_restore jobs (the dump is spooled to dataDir/tmp first); default 1")));
    }

    @Override
    public Source create(Settings settings, PluginContext context) throws IOException {
        var s = KIND.parse(settings, context);
        Leftovers.removeSecrets(s.tmpDir(), PgPassFile.LEFTOVER_GLOB);
        long jobs = settings.integer("jobs", 1);
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException(settings.name() + ": jobs must be between 1 and 64, not " + jobs);
        }
        if (jobs > 1 && s.endpoint().via().remote()) {
            throw new IllegalArgumentException(settings.name() + ": jobs > 1 needs a seekable dump file next to"
                    + " pg_restore and is not supported with viaHost; leave jobs unset");
        }
        return new PostgresSource(s.name(), s.endpoint(), s.database(), new PgTools(s.tools()), (int) jobs,
                s.timeout(), s.tmpDir());
    }
}
