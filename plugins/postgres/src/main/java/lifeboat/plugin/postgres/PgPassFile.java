package lifeboat.plugin.postgres;

import java.io.IOException;
import java.nio.file.Path;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.process.SecretFile;
import lifeboat.support.process.ToolCommand;

/**
 * A temporary password file (mode 0600) for the client programs. A password on the command line would be
 * visible to every local user in {@code ps}; PGPASSWORD is visible in {@code /proc/PID/environ} to the same user
 * only, but libpq's docs discourage it, so the file is used. Deleted on close.
 */
final class PgPassFile implements AutoCloseable {
    private final SecretFile file;
    private final DbEndpoint endpoint;

    private PgPassFile(SecretFile file, DbEndpoint endpoint) {
        this.file = file;
        this.endpoint = endpoint;
    }

    static PgPassFile create(DbEndpoint endpoint, Path tmpDir) throws IOException {
        if (endpoint.password() == null) {
            return new PgPassFile(null, endpoint);
        }
        String line = escape(endpoint.host()) + ":" + endpoint.port() + ":*:" + escape(endpoint.user()) + ":"
                + escape(endpoint.password()) + "\n";
        // on this machine in tmpDir, or with viaHost in a private 0700 directory on the SSH host
        return new PgPassFile(endpoint.via().secretFile("pgpass.tmp", line, tmpDir), endpoint);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** Points the child at this file and keeps an inherited PGPASSWORD from overriding it. */
    ToolCommand apply(ToolCommand b) {
        b.env("PGCONNECT_TIMEOUT", "10").env("PGAPPNAME", "lifeboat").secret(endpoint.password());
        if (file != null) {
            b.unsetEnv("PGPASSWORD").env("PGPASSFILE", file.path());
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
