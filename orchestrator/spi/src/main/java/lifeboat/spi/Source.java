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

    @Override
    default void close() throws IOException {
    }
}
