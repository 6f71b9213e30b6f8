package lifeboat.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written. Its bytes become visible under its key only when {@link #commit()} returns, and then
 * durably (fsynced or the storage's equivalent). {@link #close()} without a commit discards everything written:
 * a reader never sees a partial object under the final key. Not thread-safe.
 */
public abstract class PendingObject extends OutputStream {
    /** Makes the object durable and visible under its key, atomically. Idempotent once it succeeded. */
    public abstract void commit() throws IOException;

    /** Discards the object unless it was committed. Idempotent. */
    @Override
    public abstract void close() throws IOException;
}
