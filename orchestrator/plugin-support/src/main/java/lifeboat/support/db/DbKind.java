package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.PropertyType;
import lifeboat.spi.Settings;
import lifeboat.support.process.ToolHost;
import lifeboat.support.process.ViaSettings;

/**
 * What a database plugin tells the shared plumbing about itself: its source type, driver, default port, client
 * package, and the help texts of the settings every database source takes (host, port, database, user,
 * password, binDir, timeout and the {@code via*} keys).
 */
public record DbKind(String type, Jdbc jdbc, int defaultPort, String debianPackage, String databaseHelp,
        String userHelp, String passwordHelp, String binDirHelp) {
    public DbKind {
        requireNonNull(type, "type is null");
        requireNonNull(jdbc, "jdbc is null");
        requireNonNull(debianPackage, "debianPackage is null");
    }

    /** The settings' descriptions, with a plugin's own ones placed before timeout. */
    public List<PropertySpec> properties(List<PropertySpec> own) {
        var specs = new ArrayList<>(List.of(
                PropertySpec.required("host", PropertyType.STRING,
                        "server host name or address (with viaHost: as seen from that host)"),
                PropertySpec.optional("port", PropertyType.INTEGER, "server port, default " + defaultPort),
                PropertySpec.required("database", PropertyType.STRING, databaseHelp),
                PropertySpec.required("user", PropertyType.STRING, userHelp),
                PropertySpec.secret("password", passwordHelp),
                PropertySpec.optional("binDir", PropertyType.PATH, binDirHelp)));
        specs.addAll(own);
        specs.add(PropertySpec.optional("timeout", PropertyType.DURATION,
                "kill a dump or restore tool that runs longer than this; default none"));
        specs.addAll(ViaSettings.properties());
        return specs;
    }

    /** Reads the shared settings; a plugin reads its own ones from {@code settings} itself. */
    public DbSettings parse(Settings settings, PluginContext context) throws IOException {
        ToolHost via = ViaSettings.toolHost(settings);
        var endpoint = new DbEndpoint(
                settings.requireString("host"),
                (int) settings.integer("port", defaultPort),
                settings.requireString("user"),
                settings.string("password").orElse(null),
                via,
                jdbc);
        return new DbSettings(settings.name(), endpoint, settings.requireString("database"),
                new ClientTools(settings.path("binDir").orElse(null), via, debianPackage),
                settings.duration("timeout").orElse(null), context.dataDir().resolve("tmp"));
    }
}
