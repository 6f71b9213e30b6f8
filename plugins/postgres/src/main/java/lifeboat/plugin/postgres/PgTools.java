package lifeboat.plugin.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import lifeboat.spi.JobLog;
import lifeboat.support.process.ToolHost;

/** Finds the PostgreSQL client programs and checks that they can handle the server. */
final class PgTools {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    private final Path binDir;
    private final ToolHost host;

    PgTools(Path binDir) {
        this(binDir, ToolHost.local());
    }

    /** With an SSH host the programs are looked up there, by the remote shell: binDir is then a remote path. */
    PgTools(Path binDir, ToolHost host) {
        this.binDir = binDir;
        this.host = host;
    }

    /** The absolute path of a client program, or an error that says which Debian package provides it. */
    Path require(String program) throws IOException {
        if (host.remote()) {
            // found (or not: exit 127, "not found" in the log) by the SSH host's shell when it runs
            return binDir != null ? binDir.resolve(program) : Path.of(program);
        }
        if (binDir != null) {
            Path p = binDir.resolve(program);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new IOException(program + " not found in binDir " + binDir
                    + "; install the Debian package postgresql-client or fix binDir");
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IOException(program + " not found on the PATH; install the Debian package postgresql-client"
                + " (apt-get install postgresql-client) or set binDir");
    }

    /** The program's version as {@code major.minor}, e.g. "15.20", from {@code --version}. */
    String version(Path program, JobLog log) throws IOException {
        var out = new ByteArrayOutputStream();
        host.command(program.getFileName() + " --version", List.of(program.toString(), "--version"))
                .stdout(out).log(log).timeout(java.time.Duration.ofSeconds(30)).run();
        String text = out.toString(StandardCharsets.UTF_8).trim();
        var m = VERSION.matcher(text);
        if (!m.find()) {
            throw new IOException(program + " --version printed no PostgreSQL version: " + text);
        }
        return m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
    }

    static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /**
     * pg_dump refuses a server newer than itself (and an older pg_dump would miss new catalog features), so fail
     * before anything is written, naming both versions.
     */
    static void requireNotOlder(Path program, String toolVersion, int serverVersionNum, String serverVersion,
            Endpoint endpoint) throws IOException {
        int serverMajor = serverVersionNum >= 100000 ? serverVersionNum / 10000 : serverVersionNum / 100;
        if (major(toolVersion) < serverMajor) {
            throw new IOException(program + " is version " + toolVersion + ", older than the server at "
                    + endpoint + " (PostgreSQL " + serverVersion + "); install postgresql-client-" + serverMajor
                    + " and point binDir at its bin directory (e.g. /usr/lib/postgresql/" + serverMajor + "/bin)");
        }
    }
}
