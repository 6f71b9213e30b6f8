package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lifeboat.support.process.ToolHost;

/** Finds the MariaDB client programs, preferring the mariadb-* names and falling back to the mysql* ones. */
final class MariaDbTools {
    private final Path binDir;
    private final ToolHost host;

    MariaDbTools(Path binDir) {
        this(binDir, ToolHost.local());
    }

    /**
     * With an SSH host the programs are not looked for here: the remote shell finds the mariadb-* names (MariaDB
     * 10.5 and later; for older servers or MySQL set binDir to a directory with links of those names).
     */
    MariaDbTools(Path binDir, ToolHost host) {
        this.binDir = binDir;
        this.host = host;
    }

    Path dump() throws IOException {
        return find(List.of("mariadb-dump", "mysqldump"));
    }

    Path client() throws IOException {
        return find(List.of("mariadb", "mysql"));
    }

    private Path find(List<String> names) throws IOException {
        if (host.remote()) {
            return binDir != null ? binDir.resolve(names.get(0)) : Path.of(names.get(0));
        }
        List<String> dirs = binDir != null
                ? List.of(binDir.toString())
                : List.of(System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin")
                        .split(java.io.File.pathSeparator));
        for (String name : names) {
            for (String dir : dirs) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        throw new IOException(String.join(" or ", names) + " not found "
                + (binDir != null ? "in binDir " + binDir : "on the PATH")
                + "; install the Debian package mariadb-client (apt-get install mariadb-client) or set binDir");
    }
}
