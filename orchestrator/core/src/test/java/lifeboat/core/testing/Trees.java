package lifeboat.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds realistic small school shares in a temporary directory and snapshots trees for comparison. */
public final class Trees {
    public static final int OTHER_UID = 12345;
    public static final String LONG_NAME = "ä".repeat(100) + ".txt"; // 204 bytes in UTF-8
    public static final String DEEP_DIR = "tief/" + "verzeichnis-mit-einem-sehr-langen-namen-fuer-die-klasse-7a-0/"
            + "verzeichnis-mit-einem-sehr-langen-namen-fuer-die-klasse-7a-1/"
            + "verzeichnis-mit-einem-sehr-langen-namen-fuer-die-klasse-7a-2/"
            + "verzeichnis-mit-einem-sehr-langen-namen-fuer-die-klasse-7a-3";

    private Trees() {
    }

    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A share with every kind of entry a restore must get right. */
    public static void buildRich(Path root) throws IOException {
        Files.createDirectories(root);
        write(root, "shared/Handouts/Brüche.txt", "Brüche kürzen: 4/8 = 1/2\n");
        write(root, "shared/Handouts/数学/作业.txt", "第一题\n");
        write(root, "shared/📚 Bücher/notiz.md", "# Leseliste 🎉\n");
        Files.write(root.resolve("shared/Handouts/foto.jpg"), random(200_000, 1));
        write(root, "staff/HB/Unterricht/noten-7a.csv", "name;note\nanna;2\n");
        write(root, "staff/HB/" + LONG_NAME, "long name\n");
        write(root, DEEP_DIR + "/datei.txt", "deep\n");
        write(root, "students/7a/anna.müller/Referat.md", "# Referat\n");
        write(root, "students/7a/empty.txt", "");
        Files.createDirectories(root.resolve("leer"));
        Files.createDirectories(root.resolve("students/7b/leer"));
        write(root, "scripts/backup.sh", "#!/bin/sh\necho hi\n");
        write(root, "staff/HB/secret.key", "geheim\n");
        Files.createDirectories(root.resolve("gruppe"));
        write(root, "gruppe/projekt.txt", "gemeinsam\n");
        Files.createDirectories(root.resolve("tmp-upload"));
        // links
        Files.createSymbolicLink(root.resolve("shared/aktuell"), Path.of("Handouts/Brüche.txt"));
        Files.createSymbolicLink(root.resolve("shared/hosts"), Path.of("/etc/hosts"));
        Files.createSymbolicLink(root.resolve("shared/kaputt"), Path.of("../gibt-es-nicht.txt"));
        Files.createLink(root.resolve("students/7a/anna.müller/Referat-kopie.md"),
                root.resolve("students/7a/anna.müller/Referat.md"));
        if (isRoot()) {
            for (String p : new String[] {"staff/HB/Unterricht/noten-7a.csv", "gruppe", "shared/aktuell"}) {
                Files.setAttribute(root.resolve(p), "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(root.resolve(p), "unix:gid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
            }
        }
        mode(root, "staff/HB/secret.key", 0600);
        mode(root, "scripts/backup.sh", 0755);
        mode(root, "gruppe", 02775);
        mode(root, "tmp-upload", 01777);
        // nanosecond mtimes on every file and directory (not through symlinks)
        long[] n = {0};
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                if (!p.equals(root) && !Files.isSymbolicLink(p)) {
                    n[0]++;
                    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + n[0] * 3600,
                            123_456_789 + n[0] * 1_001)));
                }
            }
        }
    }

    public static Path write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    public static void mode(Path root, String rel, int mode) throws IOException {
        Files.setAttribute(root.resolve(rel), "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** What a restore must reproduce of one entry. */
    public record Node(String type, int mode, Instant mtime, long size, String sha256, String link, int uid, int gid) {
    }

    /** Every entry below root (not root itself), by relative path. */
    public static Map<String, Node> snapshot(Path root) throws IOException {
        Map<String, Node> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                int fmt = mode & 0170000;
                String type = fmt == 0120000 ? "symlink" : fmt == 0040000 ? "dir" : "file";
                out.put(root.relativize(p).toString(), new Node(type,
                        type.equals("symlink") ? 0 : mode & 07777,
                        ((FileTime) a.get("lastModifiedTime")).toInstant(),
                        type.equals("file") ? (Long) a.get("size") : 0,
                        type.equals("file") ? sha256(p) : null,
                        type.equals("symlink") ? Files.readSymbolicLink(p).toString() : null,
                        (Integer) a.get("uid"), (Integer) a.get("gid")));
            }
        }
        return out;
    }

    public static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    public static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
