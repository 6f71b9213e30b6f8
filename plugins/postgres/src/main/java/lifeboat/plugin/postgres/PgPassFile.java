package lifeboat.plugin.postgres;

import java.io.IOException;
import java.nio.file.Path;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.process.SecretFile;
import lifeboat.support.process.ToolCommand;

/**
 * How the client programs get the password, never on their command line (every local user sees it in {@code ps}).
 * On this machine: PGPASSWORD in the child's environment only, which {@code /proc/PID/environ} shows to the same
 * user alone and which leaves nothing on disk when the process is killed. With viaHost the environment would be
 * on the remote command line, so there a temporary 0600 password file in a private directory is used and deleted
 * on close.
 */
final class PgPassFile implements AutoCloseable {
    /** The names password files had in dataDir/tmp before; what a killed process left is removed on start. */
    static final String LEFTOVER_GLOB = "pgpass*.tmp";

    private final SecretFile file;
    private final DbEndpoint endpoint;

    private PgPassFile(SecretFile file, DbEndpoint endpoint) {
        this.file = file;
        this.endpoint = endpoint;
    }

    static PgPassFile create(DbEndpoint endpoint, Path tmpDir) throws IOException {
        if (endpoint.password() == null || !endpoint.via().remote()) {
            return new PgPassFile(null, endpoint);
        }
        String line = escape(endpoint.host()) + ":" + endpoint.port() + ":*:" + escape(endpoint.user()) + ":"
                + escape(endpoint.password()) + "\n";
        return new PgPassFile(endpoint.via().secretFile("pgpass.tmp", line, tmpDir), endpoint);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** Gives the child the password, and keeps an inherited PGPASSWORD from overriding a password file. */
    ToolCommand apply(ToolCommand b) {
        b.env("PGCONNECT_TIMEOUT", "10").env("PGAPPNAME", "lifeboat").secret(endpoint.password());
        if (file != null) {
            b.unsetEnv("PGPASSWORD").env("PGPASSFILE", file.path());
        } else if (endpoint.password() != null) {
            b.env("PGPASSWORD", endpoint.password());
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
