package lifeboat.plugin.mariadb;

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

final class MariaDbSourceFactory implements SourceFactory {
    static final int DEFAULT_PORT = 3306;

    @Override
    public String type() {
        return "mariadb";
    }

    @Override
    public List<PropertySpec> properties() {
        var specs = new java.util.ArrayList<>(List.of(
                PropertySpec.required("host", PropertyType.STRING,
                        "server host name or address (with viaHost: as seen from that host)"),
                PropertySpec.optional("port", PropertyType.INTEGER, "server port, default 3306"),
                PropertySpec.required("database", PropertyType.STRING,
                        "database name, or \"*\" for every database except the system schemas"),
                PropertySpec.required("user", PropertyType.STRING, "account to connect as"),
                PropertySpec.secret("password", "password of the account; omit when it has none"),
                PropertySpec.optional("binDir", PropertyType.PATH,
                        "directory holding mariadb-dump (or mysqldump) and mariadb (or mysql); default: the PATH"),
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
        return new MariaDbSource(settings.name(), endpoint, settings.requireString("database"),
                new MariaDbTools(settings.path("binDir").orElse(null), via), settings.duration("timeout").orElse(null),
                context.dataDir().resolve("tmp"));
    }
}
