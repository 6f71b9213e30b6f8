package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A database source's shared settings, as {@link DbKind#parse} read them.
 *
 * @param database a database name, or {@code "*"} for all of the server's
 * @param timeout null for none
 * @param tmpDir where password files are written when the tools run on this machine
 */
public record DbSettings(String name, DbEndpoint endpoint, String database, ClientTools tools, Duration timeout,
        Path tmpDir) {
    public DbSettings {
        requireNonNull(name, "name is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(database, "database is null");
        requireNonNull(tools, "tools is null");
        requireNonNull(tmpDir, "tmpDir is null");
    }
}
