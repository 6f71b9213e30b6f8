package lifeboat.plugin.files;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lifeboat.spi.EntryType;
import lifeboat.spi.Excludes;
import lifeboat.spi.TreeEntry;
import lifeboat.spi.TreeSource;
import lifeboat.spi.TreeVisitor;

/** A share on this machine, read with the JDK's Unix attributes (one lstat per entry). */
final class LocalTreeSource implements TreeSource {
    // only what is needed: asking for "unix:*" would also look up owner names for every file
    private static final String ATTRS = "unix:mode,ino,dev,nlink,uid,gid,ctime,size,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private final String name;
    private final Path root;
    private final Excludes excludes;
    private final Map<Integer, String> users = new HashMap<>();
    private final Map<Integer, String> groups = new HashMap<>();

    LocalTreeSource(String name, Path root, Excludes excludes) {
        this.name = requireNonNull(name, "name is null");
        this.root = root.toAbsolutePath().normalize();
        this.excludes = excludes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void walk(TreeVisitor visitor) throws IOException {
        walkDirectory(root, "", visitor);
    }

    private void walkDirectory(Path dir, String prefix, TreeVisitor visitor) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            visitor.failed(prefix.isEmpty() ? "." : prefix, new IOException("directory vanished during the backup", e));
            return;
        } catch (IOException e) {
            visitor.failed(prefix.isEmpty() ? "." : prefix, e);
            return;
        }
        names.sort(null);
        for (String childName : names) {
            String rel = prefix.isEmpty() ? childName : prefix + "/" + childName;
            if (excludes.excluded(rel)) {
                continue;
            }
            Path child = dir.resolve(childName);
            TreeEntry entry;
            try {
                entry = read(child, rel);
            } catch (NoSuchFileException e) {
                continue; // deleted between listing and examining: it is simply not part of this backup
            } catch (IOException e) {
                visitor.failed(rel, e);
                continue;
            }
            if (entry == null) {
                visitor.skipped(rel, "not a regular file, directory or symlink");
                continue;
            }
            visitor.entry(entry);
            if (entry.type() == EntryType.DIRECTORY) {
                walkDirectory(child, rel, visitor);
            }
        }
    }

    private TreeEntry read(Path p, String rel) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        EntryType type = switch (mode & S_IFMT) {
            case S_IFREG -> EntryType.FILE;
            case S_IFDIR -> EntryType.DIRECTORY;
            case S_IFLNK -> EntryType.SYMLINK;
            default -> null;
        };
        if (type == null) {
            return null;
        }
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        String target = type == EntryType.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
        return new TreeEntry(
                rel,
                type,
                type == EntryType.FILE ? (Long) a.get("size") : 0L,
                ((FileTime) a.get("lastModifiedTime")).toInstant(),
                ((FileTime) a.get("ctime")).toInstant(),
                mode & 07777,
                uid,
                gid,
                userName(p, uid),
                groupName(p, gid),
                a.get("dev") + ":" + a.get("ino"),
                (Integer) a.get("nlink"),
                target);
    }

    private String userName(Path p, int uid) throws IOException {
        String n = users.get(uid);
        if (n == null && !users.containsKey(uid)) {
            UserPrincipal owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
            n = numericOnly(owner.getName(), uid);
            users.put(uid, n);
        }
        return n;
    }

    private String groupName(Path p, int gid) throws IOException {
        String n = groups.get(gid);
        if (n == null && !groups.containsKey(gid)) {
            GroupPrincipal group = (GroupPrincipal) Files.getAttribute(p, "posix:group", LinkOption.NOFOLLOW_LINKS);
            n = numericOnly(group.getName(), gid);
            groups.put(gid, n);
        }
        return n;
    }

    /** The JDK names an id without a passwd entry by its number; that is no name. */
    private static String numericOnly(String name, int id) {
        return name.equals(Integer.toString(id)) ? null : name;
    }

    @Override
    public InputStream open(TreeEntry entry) throws IOException {
        // NOFOLLOW: a file swapped for a symlink after the walk must not pull another file into the backup
        return new ChannelReader(FileChannel.open(resolve(entry.path()),
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public TreeEntry stat(String path) throws IOException {
        try {
            return read(resolve(path), path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private Path resolve(String rel) {
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the share: " + rel);
        }
        return p;
    }
}
