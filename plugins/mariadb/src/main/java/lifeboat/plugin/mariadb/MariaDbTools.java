package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.nio.file.Path;
import lifeboat.support.db.ClientTools;
import lifeboat.support.process.ToolHost;

/**
 * The MariaDB client programs, preferring the mariadb-* names and falling back to the mysql* ones. With an SSH
 * host the remote shell finds the mariadb-* names (MariaDB 10.5 and later; for older servers or MySQL set binDir
 * to a directory with links of those names).
 */
record MariaDbTools(ClientTools tools) {
    static final String DEBIAN_PACKAGE = "mariadb-client";

    /** Programs on this machine, in binDir or (null) on the PATH. */
    static MariaDbTools local(Path binDir) {
        return new MariaDbTools(new ClientTools(binDir, ToolHost.local(), DEBIAN_PACKAGE));
    }

    Path dump() throws IOException {
        return tools.find("mariadb-dump", "mysqldump");
    }

    Path client() throws IOException {
        return tools.find("mariadb", "mysql");
    }
}
