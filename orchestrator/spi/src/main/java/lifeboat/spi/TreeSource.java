package lifeboat.spi;

import java.io.IOException;
import java.io.InputStream;

/** A tree of files and directories: a local share, or one reached over SFTP. */
public non-sealed interface TreeSource extends Source {
    /**
     * Visits every entry below the root once, depth first, each directory before its children and the children
     * sorted by name ({@link String#compareTo}). The core relies on this order to merge with the previous
     * backup's manifest in one pass. Excluded paths are not visited.
     */
    void walk(TreeVisitor visitor) throws IOException;

    /** Opens a file's content for reading. */
    InputStream open(TreeEntry entry) throws IOException;

    /**
     * Examines one path again, to tell whether a file changed while it was being read.
     *
     * @return the entry as it is now, or null when it no longer exists
     */
    TreeEntry stat(String path) throws IOException;
}
