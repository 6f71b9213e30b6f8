package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary option file (mode 0600) holding the account and password, so the password is never an argument
 * that {@code ps} would show. The client programs only honour {@code --defaults-extra-file} as their very first
 * argument, hence {@link #argument()}. Deleted on close.
 */
final class DefaultsFile implements AutoCloseable {
    private final Path file;

    private DefaultsFile(Path file) {
        this.file = file;
    }

    static DefaultsFile create(Endpoint endpoint, Path tmpDir) throws IOException {
        Files.createDirectories(tmpDir);
        Path f = Files.createTempFile(tmpDir, "my", ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        var sb = new StringBuilder("[client]\nuser=").append(quote(endpoint.user())).append('\n');
        if (endpoint.password() != null) {
            sb.append("password=").append(quote(endpoint.password())).append('\n');
        }
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return new DefaultsFile(f);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    String argument() {
        return "--defaults-extra-file=" + file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
