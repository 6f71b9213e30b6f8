package lifeboat.plugin.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import lifeboat.spi.process.ChildProcess;

/**
 * A temporary password file (mode 0600) for the client programs. A password on the command line would be
 * visible to every local user in {@code ps}; PGPASSWORD is visible in {@code /proc/PID/environ} to the same user
 * only, but libpq's docs discourage it, so the file is used. Deleted on close.
 */
final class PgPassFile implements AutoCloseable {
    private final Path file;
    private final Endpoint endpoint;

    private PgPassFile(Path file, Endpoint endpoint) {
        this.file = file;
        this.endpoint = endpoint;
    }

    static PgPassFile create(Endpoint endpoint, Path tmpDir) throws IOException {
        if (endpoint.password() == null) {
            return new PgPassFile(null, endpoint);
        }
        Files.createDirectories(tmpDir);
        Path f = Files.createTempFile(tmpDir, "pgpass", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String line = escape(endpoint.host()) + ":" + endpoint.port() + ":*:" + escape(endpoint.user()) + ":"
                + escape(endpoint.password()) + "\n";
        Files.writeString(f, line, StandardCharsets.UTF_8);
        return new PgPassFile(f, endpoint);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** Points the child at this file and keeps an inherited PGPASSWORD from overriding it. */
    ChildProcess.Builder apply(ChildProcess.Builder b) {
        b.env("PGCONNECT_TIMEOUT", "10").env("PGAPPNAME", "lifeboat").secret(endpoint.password());
        if (file != null) {
            b.unsetEnv("PGPASSWORD").env("PGPASSFILE", file.toString());
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
