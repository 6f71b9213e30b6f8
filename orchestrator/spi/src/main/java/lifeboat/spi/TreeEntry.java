package lifeboat.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One entry of a file tree, with the metadata that a backup keeps and a restore sets again.
 *
 * @param path relative path, {@code /}-separated, never empty, never starting with {@code /}, no {@code .} or
 *     {@code ..} segments
 * @param size bytes of a file's content; 0 for directories and symlinks
 * @param mode permission bits including setuid, setgid and sticky ({@code 07777})
 * @param user owner name, or null when unknown
 * @param group group name, or null when unknown
 * @param inode identity of the inode on its device, such as {@code dev:ino}; null when the source cannot tell
 * @param links number of hard links to the inode
 * @param ctime inode change time, used with size, mtime and inode to detect changes without reading
 * @param linkTarget the symlink's target, else null
 */
public record TreeEntry(
        String path,
        EntryType type,
        long size,
        Instant mtime,
        Instant ctime,
        int mode,
        int uid,
        int gid,
        String user,
        String group,
        String inode,
        int links,
        String linkTarget) {
    public TreeEntry {
        requireNonNull(path, "path is null");
        requireNonNull(type, "type is null");
        requireNonNull(mtime, "mtime is null");
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("path must be relative and non-empty: '" + path + "'");
        }
        if (type == EntryType.SYMLINK) {
            requireNonNull(linkTarget, "linkTarget is null for symlink " + path);
        }
    }
}
