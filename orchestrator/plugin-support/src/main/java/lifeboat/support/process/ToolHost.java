package lifeboat.support.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a database plugin runs its tools and how it reaches the database: this machine, or an SSH host
 * ({@code viaHost}) whose tools run over exec channels and whose database port is reached through a local port
 * forward. Database plugins wrap each operation in a {@link #lease()} so one SSH session serves its commands
 * and connections, and is closed when the operation ends. Thread-safe.
 */
public interface ToolHost extends AutoCloseable {
    static ToolHost local() {
        return LocalToolHost.INSTANCE;
    }

    boolean remote();

    /** Holds the SSH session open until closed; leases nest and may overlap. A no-op on this machine. */
    Lease lease() throws IOException;

    /** A tool run; the program is a path or name on the host where it runs. */
    ToolCommand command(String description, List<String> command);

    /**
     * A 0600 file holding {@code content} for the duration of a tool run: in {@code localTmpDir} on this
     * machine, or in a fresh 0700 directory below the SSH host's temp dir, written over SFTP.
     */
    SecretFile secretFile(String name, String content, Path localTmpDir) throws IOException;

    /** Where a JDBC driver on this machine connects to reach {@code host:port} as the tools' host sees it. */
    InetSocketAddress reach(String host, int port) throws IOException;

    /** For messages: {@code ""} locally, {@code " via ssh://user@host:port"} over SSH. */
    String suffix();

    @Override
    default void close() {
    }

    /** An open operation; closing it never throws. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
