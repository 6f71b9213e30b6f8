package lifeboat.plugin.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import lifeboat.spi.JobLog;
import lifeboat.support.db.ClientTools;
import lifeboat.support.db.DbEndpoint;
import lifeboat.support.process.ToolHost;

/** The PostgreSQL client programs, and the check that they can handle the server. */
record PgTools(ClientTools tools) {
    static final String DEBIAN_PACKAGE = "postgresql-client";
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    /** Programs on this machine, in binDir or (null) on the PATH. */
    static PgTools local(Path binDir) {
        return new PgTools(new ClientTools(binDir, ToolHost.local(), DEBIAN_PACKAGE));
    }

    /** The absolute path of a client program, or an error that says which Debian package provides it. */
    Path require(String program) throws IOException {
        return tools.find(program);
    }

    /** The program's version as {@code major.minor}, e.g. "15.20", from {@code --version}. */
    String version(Path program, JobLog log) throws IOException {
        var out = new ByteArrayOutputStream();
        tools.host().command(program.getFileName() + " --version", List.of(program.toString(), "--version"))
                .stdout(out).log(log).timeout(Duration.ofSeconds(30)).run();
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
            DbEndpoint endpoint) throws IOException {
        int serverMajor = serverVersionNum >= 100000 ? serverVersionNum / 10000 : serverVersionNum / 100;
        if (major(toolVersion) < serverMajor) {
            throw new IOException(program + " is version " + toolVersion + ", older than the server at "
                    + endpoint + " (PostgreSQL " + serverVersion + "); install postgresql-client-" + serverMajor
                    + " and point binDir at its bin directory (e.g. /usr/lib/postgresql/" + serverMajor + "/bin)");
        }
    }
}
