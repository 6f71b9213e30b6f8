package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.nio.file.Path;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.process.SecretFile;

/**
 * A temporary option file (mode 0600) holding the account and password, so the password is never an argument
 * that {@code ps} would show. The client programs only honour {@code --defaults-extra-file} as their very first
 * argument, hence {@link #argument()}. Deleted on close.
 */
final class DefaultsFile implements AutoCloseable {
    private final SecretFile file;

    private DefaultsFile(SecretFile file) {
        this.file = file;
    }

    static DefaultsFile create(DbEndpoint endpoint, Path tmpDir) throws IOException {
        var sb = new StringBuilder("[client]\nuser=").append(quote(endpoint.user())).append('\n');
        if (endpoint.password() != null) {
            sb.append("password=").append(quote(endpoint.password())).append('\n');
        }
        // on this machine in tmpDir, or with viaHost in a private 0700 directory on the SSH host
        return new DefaultsFile(endpoint.via().secretFile("my.cnf", sb.toString(), tmpDir));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    String argument() {
        return "--defaults-extra-file=" + file.path();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
