package lifeboat.plugin.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lifeboat.support.db.DbEndpoint;

/**
 * A PostgreSQL server for the tests: the one named by LIFEBOAT_TEST_PG_HOST/PORT/USER/PASSWORD, else the one on
 * 127.0.0.1:5432 when it answers, else a throwaway server started from the installed binaries and stopped when
 * the JVM exits. {@link #throwaway} always starts a fresh one, with password authentication.
 */
final class PgTestServer {
    private static DbEndpoint shared;

    private PgTestServer() {
    }

    static synchronized DbEndpoint shared() throws IOException {
        if (shared == null) {
            String host = System.getenv("LIFEBOAT_TEST_PG_HOST");
            if (host != null) {
                shared = new DbEndpoint(host,
                        Integer.parseInt(System.getenv().getOrDefault("LIFEBOAT_TEST_PG_PORT", "5432")),
                        System.getenv().getOrDefault("LIFEBOAT_TEST_PG_USER", "postgres"),
                        System.getenv("LIFEBOAT_TEST_PG_PASSWORD"), PostgresSource.JDBC);
            } else if (answers("127.0.0.1", 5432)) {
                shared = new DbEndpoint("127.0.0.1", 5432, "postgres", null, PostgresSource.JDBC);
            } else {
                shared = throwaway(null);
            }
        }
        return shared;
    }

    static boolean answers(String host, int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a new server on a free loopback port; with a password, only scram-sha-256 logins are accepted. */
    static DbEndpoint throwaway(String password) throws IOException {
        Path bin = pgBin();
        Path dir = Files.createTempDirectory("lifeboat-pg");
        Path data = dir.resolve("data");
        int port = freePort();
        var init = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
                "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        if (password != null) {
            Path pw = dir.resolve("pw");
            Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
            init.addAll(List.of("--auth=scram-sha-256", "--pwfile=" + pw));
        } else {
            init.add("--auth=trust");
        }
        run(dir, asPostgres(init));
        run(dir, asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(dir, asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
                        "immediate", "stop")));
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (IOException e) {
                // best effort at exit
            }
        }));
        return new DbEndpoint("127.0.0.1", port, "postgres", password, PostgresSource.JDBC);
    }

    private static Path pgBin() throws IOException {
        try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .map(p -> p.resolve("bin")).orElseThrow(() -> new IOException("no PostgreSQL server installed"));
        }
    }

    /** initdb and pg_ctl refuse to run as root. */
    private static List<String> asPostgres(List<String> cmd) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return cmd;
        }
        var l = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        l.addAll(cmd);
        return l;
    }

    private static void run(Path dir, List<String> cmd) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            try {
                new ProcessBuilder("chown", "-R", "postgres:postgres", dir.toString()).start().waitFor();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(cmd + " failed: " + out);
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }
}
