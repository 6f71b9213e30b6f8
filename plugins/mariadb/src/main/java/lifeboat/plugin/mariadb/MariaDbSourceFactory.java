package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.util.List;
import lifeboat.spi.PluginContext;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.Settings;
import lifeboat.spi.Source;
import lifeboat.spi.SourceFactory;
import lifeboat.support.db.DbKind;
import lifeboat.support.db.Leftovers;

final class MariaDbSourceFactory implements SourceFactory {
    static final int DEFAULT_PORT = 3306;
    static final DbKind KIND = new DbKind("mariadb", MariaDbSource.JDBC, DEFAULT_PORT, MariaDbTools.DEBIAN_PACKAGE,
            "database name, or \"*\" for every database except the system schemas",
            "account to connect as",
            "password of the account; omit when it has none",
            "directory holding mariadb-dump (or mysqldump) and mariadb (or mysql); default: the PATH");

    @Override
    public String type() {
        return KIND.type();
    }

    @Override
    public List<PropertySpec> properties() {
        return KIND.properties(List.of());
    }

    @Override
    public Source create(Settings settings, PluginContext context) throws IOException {
        var s = KIND.parse(settings, context);
        Leftovers.removeSecrets(s.tmpDir(), DefaultsFile.LEFTOVER_GLOB);
        return new MariaDbSource(s.name(), s.endpoint(), s.database(), new MariaDbTools(s.tools()), s.timeout(),
                s.tmpDir());
    }
}
