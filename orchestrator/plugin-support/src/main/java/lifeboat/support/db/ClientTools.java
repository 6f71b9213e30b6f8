package lifeboat.support.db;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lifeboat.support.process.ToolHost;

/**
 * Finds a database's client programs in {@code binDir} or on the PATH.
 *
 * @param binDir the configured binDir, or null for the PATH
 * @param debianPackage named in the error when a program is missing
 */
public record ClientTools(Path binDir, ToolHost host, String debianPackage) {
    public ClientTools {
        requireNonNull(host, "host is null");
        requireNonNull(debianPackage, "debianPackage is null");
    }

    /**
     * The first of {@code names} found, as an absolute path. With an SSH host nothing is looked for here: the first
     * name (below binDir, a path on that host) is found, or not (exit 127, "not found" in the log), by the remote
     * shell when it runs.
     */
    public Path find(String... names) throws IOException {
        if (host.remote()) {
            return binDir != null ? binDir.resolve(names[0]) : Path.of(names[0]);
        }
        List<String> dirs = binDir != null
                ? List.of(binDir.toString())
                : List.of(System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(File.pathSeparator));
        for (String name : names) {
            for (String dir : dirs) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        throw new IOException(String.join(" or ", names) + " not found "
                + (binDir != null ? "in binDir " + binDir : "on the PATH") + "; install the Debian package "
                + debianPackage + " (apt-get install " + debianPackage + ") or set binDir");
    }
}
