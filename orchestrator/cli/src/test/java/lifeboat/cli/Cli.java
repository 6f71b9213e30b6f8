package lifeboat.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import lifeboat.core.repo.Json;

/** Runs the CLI in this JVM with stdout and stderr captured, and builds small installations to run it on. */
final class Cli {
    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code dir/lifeboat.yaml} with local storage {@code dir/repo}, H2 catalog, and a files source "share". */
    static Path install(Path dir, String extraTop) throws IOException {
        Files.createDirectories(dir.resolve("share"));
        return Files.writeString(dir.resolve("lifeboat.yaml"), extraTop + """
                dataDir: ./var
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                """);
    }

    /** {@link #share} backed up to two local targets, {@code local} and {@code offsite}; {@code storage} the share's list. */
    static Path installTwoTargets(Path dir, String storage) throws IOException {
        share(dir.resolve("share"));
        return Files.writeString(dir.resolve("lifeboat.yaml"), twoTargets(storage));
    }

    /**
     * The configuration {@link #installTwoTargets} writes: local targets {@code local} (./repo) and {@code offsite}
     * (./offsite), the files source {@code share} (./share) stored on {@code storage}; a test may append more
     * sources (its {@code sources:} list comes last) or, after them, plans.
     */
    static String twoTargets(String storage) {
        return yaml().offsiteDir().storedOn(storage).files().text();
    }

    /** A configuration with the local target {@code local} (./repo) and the H2 catalog; see {@link Yaml}. */
    static Yaml yaml() {
        return new Yaml();
    }

    /**
     * Builds a test configuration: {@code dataDir: ./var}, the local target {@code local} (./repo), maybe an
     * {@code offsite} target, then sources on the real servers' loopback ports (each stored on every target declared
     * before it unless {@link #storedOn} says otherwise), then recovery plans and any other text, in that order.
     */
    static final class Yaml {
        private final StringBuilder storage = new StringBuilder("""
                storage:
                  - name: local
                    type: local
                    path: ./repo
                """);
        private final StringBuilder sources = new StringBuilder();
        private final StringBuilder after = new StringBuilder();
        private String targets = "local";
        private String storedOn;
        private boolean plans;

        private Yaml() {
        }

        /** The local target {@code offsite} (./offsite). */
        Yaml offsiteDir() {
            return target("offsite", """
                    type: local
                    path: ./offsite
                    """);
        }

        /** The S3 target {@code offsite} on S3Proxy at 127.0.0.1:{@code port}; {@code prefix} may be null. */
        Yaml offsiteS3(int port, String bucket, String prefix, String accessKey, String secretKey) {
            return target("offsite", """
                    type: s3
                    endpoint: http://127.0.0.1:%d
                    region: us-east-1
                    bucket: %s
                    %spathStyle: true
                    accessKey: %s
                    secretKey: %s
                    """.formatted(port, bucket, prefix == null ? "" : "prefix: " + prefix + "\n", accessKey, secretKey));
        }

        private Yaml target(String name, String body) {
            storage.append("  - name: ").append(name).append('\n').append(body.indent(4));
            targets += ", " + name;
            return this;
        }

        /** The storage list ("[local]") of the sources added after this, instead of every target. */
        Yaml storedOn(String list) {
            storedOn = list;
            return this;
        }

        /** A PostgreSQL source on 127.0.0.1:5432, user postgres. */
        Yaml postgres(String name, String database) {
            return database(name, "postgres", 5432, database, "postgres");
        }

        /** A MariaDB source on 127.0.0.1:3306, user root. */
        Yaml mariadb(String name, String database) {
            return database(name, "mariadb", 3306, database, "root");
        }

        private Yaml database(String name, String type, int port, String database, String user) {
            return source(name, """
                    type: %s
                    host: 127.0.0.1
                    port: %d
                    database: %s
                    user: %s
                    """.formatted(type, port, database, user));
        }

        /** The files source {@code share} (./share). */
        Yaml files() {
            return files("share", "./share");
        }

        Yaml files(String name, String path) {
            return source(name, """
                    type: files
                    path: %s
                    """.formatted(path));
        }

        private Yaml source(String name, String body) {
            sources.append("  - name: ").append(name).append('\n').append(body.indent(4))
                    .append("    storage: ").append(storedOn == null ? "[" + targets + "]" : storedOn).append('\n');
            return this;
        }

        /** The last source's password. */
        Yaml password(String password) {
            return last("password: " + password + "\n");
        }

        /** The last source encrypted to {@code recipient}, decrypted with {@code identity}. */
        Yaml encrypted(String recipient, String identity) {
            return last("""
                    encryption:
                      recipients: [%s]
                      identity: %s
                    """.formatted(recipient, identity));
        }

        private Yaml last(String lines) {
            if (sources.isEmpty()) {
                throw new IllegalStateException("no source yet");
            }
            sources.append(lines.indent(4));
            return this;
        }

        /** A recovery plan, its groups ("[sis]") in priority order; parallelism 1 is the default and left unsaid. */
        Yaml plan(String name, int parallelism, String... groups) {
            if (!plans) {
                after.append("recoveryPlans:\n");
                plans = true;
            }
            after.append("  ").append(name).append(":\n");
            if (parallelism != 1) {
                after.append("    parallelism: ").append(parallelism).append('\n');
            }
            after.append("    groups:\n");
            for (int i = 0; i < groups.length; i++) {
                after.append("      - priority: ").append(i + 1).append("\n        sources: ").append(groups[i])
                        .append('\n');
            }
            return this;
        }

        /** More top-level YAML, after the sources and plans. */
        Yaml then(String yaml) {
            after.append(yaml);
            return this;
        }

        String text() {
            return "dataDir: ./var\n" + storage + (sources.isEmpty() ? "" : "sources:\n" + sources) + after;
        }

        Path write(Path file) throws IOException {
            return Files.writeString(file, text());
        }
    }

    /** A small school share: text, a random binary, modes, symlinks, an empty dir and file. */
    static void share(Path root) throws IOException {
        write(root, "staff/HB/noten-7a.csv", "name;note\nanna;2\n");
        write(root, "shared/Handouts/Brüche.txt", "4/8 = 1/2\n");
        byte[] foto = new byte[300_000];
        new Random(3).nextBytes(foto);
        Files.write(root.resolve("shared/Handouts/foto.jpg"), foto);
        write(root, "students/7a/anna.müller/Referat.md", "# Referat\n");
        write(root, "students/7a/empty.txt", "");
        write(root, "scripts/run.sh", "#!/bin/sh\n");
        Files.createDirectories(root.resolve("leer"));
        Files.createSymbolicLink(root.resolve("shared/aktuell"), Path.of("Handouts/Brüche.txt"));
        Files.createSymbolicLink(root.resolve("shared/kaputt"), Path.of("/nonexistent/target"));
        Files.setAttribute(root.resolve("scripts/run.sh"), "unix:mode", 0755);
        Files.setAttribute(root.resolve("staff/HB/noten-7a.csv"), "unix:mode", 0600);
        Files.createDirectories(root.resolve("gruppe"));
        Files.setAttribute(root.resolve("gruppe"), "unix:mode", 02775);
        Files.setLastModifiedTime(root.resolve("shared/Handouts/Brüche.txt"),
                FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
    }

    static Path write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    /** type, mode (not for symlinks), content bytes or link target of every entry below root. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "symlink -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir " + Integer.toOctalString(mode & 07777));
                } else {
                    out.put(rel, "file " + Integer.toOctalString(mode & 07777) + " "
                            + java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> args(Path config, String... rest) {
        List<String> a = new java.util.ArrayList<>(List.of("--config", config.toString()));
        a.addAll(List.of(rest));
        return a;
    }

    static Result on(Path config, String... rest) {
        return run(args(config, rest).toArray(String[]::new));
    }
}
