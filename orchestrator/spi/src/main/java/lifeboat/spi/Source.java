package lifeboat.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * Something Lifeboat backs up. A {@link TreeSource} is a tree of files the core archives as tar; a
 * {@link DumpSource} writes its own dump stream (a database).
 */
public sealed interface Source extends Closeable permits TreeSource, DumpSource {
    /** The configured name of this source. */
    String name();

    /** Where the source is, for messages: a path or host, never a credential. */
    String location();

    /**
     * Proves the source usable now, as {@code check-config} promises: reachable, logged in, its database or directory
     * there. Throws with a message naming the source and what is wrong. The default checks nothing beyond opening.
     */
    default void check() throws IOException {
    }

    @Override
    default void close() throws IOException {
    }
}
