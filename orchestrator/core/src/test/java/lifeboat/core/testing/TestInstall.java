package lifeboat.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.repo.RepositoryLayout;

/** A Lifeboat installation in a temporary directory: config, H2 catalog, local repository, one source "share". */
public final class TestInstall {
    public final Path dir;
    public final Path share;
    public final Path repo;
    public final Path config;

    private TestInstall(Path dir, String sourceYaml) throws IOException {
        this.dir = dir;
        this.share = dir.resolve("share");
        this.repo = dir.resolve("repo");
        this.config = dir.resolve("lifeboat.yaml");
        Files.createDirectories(share);
        Files.writeString(config, """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                """ + sourceYaml.indent(4) + "    storage: [local]\n");
    }

    /** A {@code files} source on {@code dir/share}. */
    public static TestInstall files(Path dir) throws IOException {
        return new TestInstall(dir, "type: files\npath: ./share\n");
    }

    /** Any source definition (without name and storage). */
    public static TestInstall withSource(Path dir, String sourceYaml) throws IOException {
        return new TestInstall(dir, sourceYaml);
    }

    public Lifeboat open() throws IOException, SQLException, ConfigException {
        PluginRegistry plugins = PluginRegistry.load();
        return Lifeboat.open(new ConfigLoader(plugins, Map.<String, String>of()::get).load(config), plugins);
    }

    public Path backupDir(String id) {
        return repo.resolve(RepositoryLayout.backupPrefix("share", id));
    }
}
