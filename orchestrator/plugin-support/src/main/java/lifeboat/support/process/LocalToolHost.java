package lifeboat.support.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Tools run on this machine as child processes; the database is reached directly. */
final class LocalToolHost implements ToolHost {
    static final LocalToolHost INSTANCE = new LocalToolHost();

    private LocalToolHost() {
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public Lease lease() {
        return () -> { };
    }

    @Override
    public ToolCommand command(String description, List<String> command) {
        return new ToolRun(LocalTransport.INSTANCE, description, command);
    }

    @Override
    public SecretFile secretFile(String name, String content, Path localTmpDir) throws IOException {
        Files.createDirectories(localTmpDir);
        int dot = name.lastIndexOf('.');
        Path f = Files.createTempFile(localTmpDir, dot > 0 ? name.substring(0, dot) : name,
                dot > 0 ? name.substring(dot) : ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return new SecretFile() {
            @Override
            public String path() {
                return f.toString();
            }

            @Override
            public void close() throws IOException {
                Files.deleteIfExists(f);
            }
        };
    }

    @Override
    public InetSocketAddress reach(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String suffix() {
        return "";
    }
}
