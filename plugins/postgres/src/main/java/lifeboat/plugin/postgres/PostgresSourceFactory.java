package lifeboat.plugin.postgres;

import java.io.IOException;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.spi.Source;
import lifeboat.spi.SourceFactory;
import lifeboat.support.process.ToolHost;
import lifeboat.support.process.ViaSettings;

final class PostgresSourceFactory implements SourceFactory {
    static final int DEFAULT_PORT = 5432;

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public List<PropertySpec> properties() {
        var specs = new java.util.ArrayList<>(List.of(
                PropertySpec.required("host", PropertyType.STRING,
                        "server host name or address (with viaHost: as seen from that host)"),
                PropertySpec.optional("port", PropertyType.INTEGER, "server port, default 5432"),
                PropertySpec.required("database", PropertyType.STRING,
                        "database name, or \"*\" for every database of the server except templates"),
                PropertySpec.required("user", PropertyType.STRING, "role to connect as"),
                PropertySpec.secret("password", "password of the role; omit for trust or peer authentication"),
                PropertySpec.optional("binDir", PropertyType.PATH,
                        "directory holding pg_dump, pg_dumpall, pg_restore and psql; default: the PATH"),
                PropertySpec.optional("jobs", PropertyType.INTEGER,
                        "parallel pg_restore jobs (the dump is spooled to dataDir/tmp first); default 1"),
                PropertySpec.optional("timeout", PropertyType.DURATION,
                        "kill a dump or restore tool that runs longer than this; default none")));
        specs.addAll(ViaSettings.properties());
        return specs;
    }

    @Override
    public Source create(Settings settings, PluginContext context) throws IOException {
        ToolHost via = ViaSettings.toolHost(settings);
        var endpoint = new Endpoint(
                settings.requireString("host"),
                (int) settings.integer("port", DEFAULT_PORT),
                settings.requireString("user"),
                settings.string("password").orElse(null),
                via);
        long jobs = settings.integer("jobs", 1);
        if (jobs < 1 || jobs > 64) {
            throw new IllegalArgumentException(settings.name() + ": jobs must be between 1 and 64, not " + jobs);
        }
        if (jobs > 1 && via.remote()) {
            throw new IllegalArgumentException(settings.name() + ": jobs > 1 needs a seekable dump file next to"
                    + " pg_restore and is not supported with viaHost; leave jobs unset");
        }
        var tools = new PgTools(settings.path("binDir").orElse(null), via);
        return new PostgresSource(settings.name(), endpoint, settings.requireString("database"), tools,
                (int) jobs, settings.duration("timeout").orElse(null), context.dataDir().resolve("tmp"));
    }
}
