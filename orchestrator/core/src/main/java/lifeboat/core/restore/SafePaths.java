package lifeboat.core.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Keeps a restore inside its target directory. Names from an archive or manifest are refused when absolute, when
 * they hold {@code .} or {@code ..} segments or NUL, and a path is never written through a symlink: every directory
 * on the way is checked without following links.
 */
final class SafePaths {
    private final Path root;
    private String lastCheckedDir;

    SafePaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Checks a relative entry name; returns why it is refused, or null when it is acceptable. */
    static String refusal(String name) {
        if (name == null || name.isEmpty()) {
            return "empty name";
        }
        if (name.startsWith("/")) {
            return "absolute path";
        }
        if (name.indexOf('\0') >= 0) {
            return "NUL in name";
        }
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : n.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "'" + segment + "' segment in path";
            }
        }
        return null;
    }

    /** The path of an entry below the root, its parent directories created and checked to be real directories. */
    Path prepare(String name) throws IOException {
        String why = refusal(name);
        if (why != null) {
            throw new UnsafePathException(name, why);
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new UnsafePathException(name, "outside the restore target");
        }
        int slash = name.lastIndexOf('/');
        String parent = slash < 0 ? "" : name.substring(0, slash);
        if (!parent.equals(lastCheckedDir)) {
            Path dir = root;
            if (!parent.isEmpty()) {
                for (String segment : parent.split("/")) {
                    dir = dir.resolve(segment);
                    ensureDirectory(dir, name);
                }
            }
            lastCheckedDir = parent;
        }
        return p;
    }

    private static void ensureDirectory(Path dir, String name) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            Files.createDirectory(dir);
            return;
        }
        if (a.isSymbolicLink()) {
            throw new UnsafePathException(name, "a parent directory is a symlink (" + dir + ")");
        }
        if (!a.isDirectory()) {
            throw new UnsafePathException(name, "a parent is not a directory (" + dir + ")");
        }
    }

    /** An entry that would land outside the target. */
    static final class UnsafePathException extends IOException {
        UnsafePathException(String name, String why) {
            super("refused archive entry '" + name + "': " + why);
        }
    }
}
