package lifeboat.spi;

import java.io.IOException;

/** Receives a tree's entries in {@link TreeSource#walk} order. */
public interface TreeVisitor {
    void entry(TreeEntry entry) throws IOException;

    /** A path that could not be listed or examined; the walk goes on and the backup becomes partial. */
    void failed(String path, IOException cause) throws IOException;

    /** A path deliberately left out, such as a socket or device node; reported, not an error. */
    void skipped(String path, String reason) throws IOException;
}
