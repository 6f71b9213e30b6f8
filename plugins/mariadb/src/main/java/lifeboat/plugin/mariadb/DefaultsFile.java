package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.process.SecretFile;
import lifeboat.support.process.ToolCommand;

/**
 * How the client programs get the account and password, never as an argument ({@code ps} shows those to every
 * user). On this machine: MYSQL_PWD in the child's environment only ({@code /proc/PID/environ} is readable by the
 * same user alone), so a killed process leaves nothing on disk. With viaHost the environment would be on the
 * remote command line, so there a temporary 0600 option file in a private directory is used, deleted on close;
 * the programs only honour {@code --defaults-extra-file} as their very first argument, hence
 * {@link #arguments()}.
 */
final class DefaultsFile implements AutoCloseable {
    /** The names option files had in dataDir/tmp before; what a killed process left is removed on start. */
    static final String LEFTOVER_GLOB = "my*.cnf";

    private final SecretFile file;
    private final DbEndpoint endpoint;

    private DefaultsFile(SecretFile file, DbEndpoint endpoint) {
        this.file = file;
        this.endpoint = endpoint;
    }

    static DefaultsFile create(DbEndpoint endpoint, Path tmpDir) throws IOException {
        if (!endpoint.via().remote()) {
            return new DefaultsFile(null, endpoint);
        }
        var sb = new StringBuilder("[client]\nuser=").append(quote(endpoint.user())).append('\n');
        if (endpoint.password() != null) {
            sb.append("password=").append(quote(endpoint.password())).append('\n');
        }
        return new DefaultsFile(endpoint.via().secretFile("my.cnf", sb.toString(), tmpDir), endpoint);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The arguments that come first, right after the program. */
    List<String> arguments() {
        return file != null ? List.of("--defaults-extra-file=" + file.path()) : List.of("--user=" + endpoint.user());
    }

    /** Gives the child the password; with none, an inherited MYSQL_PWD is not used either. */
    ToolCommand apply(ToolCommand b) {
        b.secret(endpoint.password());
        if (file == null && endpoint.password() != null) {
            b.env("MYSQL_PWD", endpoint.password());
        } else {
            b.unsetEnv("MYSQL_PWD");
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
