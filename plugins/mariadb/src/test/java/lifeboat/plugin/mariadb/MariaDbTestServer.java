package lifeboat.plugin.mariadb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lifeboat.support.db.DbEndpoint;

/**
 * A MariaDB server for the tests: the one named by LIFEBOAT_TEST_MARIADB_HOST/PORT/USER/PASSWORD, else the one
 * on 127.0.0.1:3306 when it answers, else a throwaway server started from the installed binaries (root without
 * password) and stopped when the JVM exits.
 */
final class MariaDbTestServer {
    private static DbEndpoint shared;

    private MariaDbTestServer() {
    }

    static synchronized DbEndpoint shared() throws IOException {
        if (shared == null) {
            String host = System.getenv("LIFEBOAT_TEST_MARIADB_HOST");
            if (host != null) {
                shared = new DbEndpoint(host,
                        Integer.parseInt(System.getenv().getOrDefault("LIFEBOAT_TEST_MARIADB_PORT", "3306")),
                        System.getenv().getOrDefault("LIFEBOAT_TEST_MARIADB_USER", "root"),
                        System.getenv("LIFEBOAT_TEST_MARIADB_PASSWORD"), MariaDbSource.JDBC);
            } else if (answers("127.0.0.1", 3306)) {
                shared = new DbEndpoint("127.0.0.1", 3306, "root", null, MariaDbSource.JDBC);
            } else {
                shared = throwaway();
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

    private static DbEndpoint throwaway() throws IOException {
        Path dir = Files.createTempDirectory("lifeboat-mariadb");
        Path data = dir.resolve("data");
        int port = freePort();
        run(List.of("chown", "-R", "mysql:mysql", dir.toString()));
        run(List.of("mariadb-install-db", "--no-defaults", "--user=mysql", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        Process server = new ProcessBuilder("mariadbd", "--no-defaults", "--user=mysql", "--datadir=" + data,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"), "--skip-log-bin",
                "--character-set-server=utf8mb4", "--innodb-flush-log-at-trx-commit=0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.destroy();
            try {
                server.waitFor(20, TimeUnit.SECONDS);
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (Exception e) {
                // best effort at exit
            }
        }));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        var endpoint = new DbEndpoint("127.0.0.1", port, "root", null, MariaDbSource.JDBC);
        while (true) {
            try (var c = endpoint.connect("")) {
                return endpoint;
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IOException("throwaway mariadbd did not start: " + Files.readString(dir.resolve("log")));
                }
                Thread.onSpinWait();
            }
        }
    }

    private static void run(List<String> cmd) throws IOException {
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
