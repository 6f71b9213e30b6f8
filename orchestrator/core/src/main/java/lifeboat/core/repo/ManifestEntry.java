package lifeboat.core.repo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of a manifest: a path as it was at backup time, and the backup whose archive holds its bytes.
 * {@code ManifestCodec} reads and writes the lines field by field, in this order, as Jackson binds this record (nulls
 * left out, {@code file} last): a new component goes there too.
 *
 * @param type {@code file}, {@code dir}, {@code symlink} or {@code hardlink}
 * @param link a symlink's target, or for a hard link the path of the file it shares an inode with
 * @param held id of the backup whose archive holds this entry (this backup's, or an earlier one in the chain)
 * @param error why the content could not be stored; such an entry has no sha256 and is not restored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(
        String path,
        String type,
        long size,
        Instant mtime,
        Instant ctime,
        int mode,
        int uid,
        int gid,
        String user,
        String group,
        String inode,
        String sha256,
        String link,
        String held,
        String error) {
    public static final String FILE = "file";
    public static final String DIR = "dir";
    public static final String SYMLINK = "symlink";
    public static final String HARDLINK = "hardlink";

    public ManifestEntry {
        requireNonNull(path, "path is null");
        requireNonNull(type, "type is null");
    }

    public boolean isFile() {
        return type.equals(FILE);
    }

    public ManifestEntry withHeld(String held) {
        return new ManifestEntry(path, type, size, mtime, ctime, mode, uid, gid, user, group, inode, sha256, link, held,
                error);
    }
}
