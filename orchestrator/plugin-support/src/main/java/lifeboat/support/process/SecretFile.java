package lifeboat.support.process;

import java.io.IOException;

/** A file readable only by its owner that holds a password for a tool, on the machine where the tool runs. */
public interface SecretFile extends AutoCloseable {
    /** Where the tool finds it; a path is all that ever appears on a command line. */
    String path();

    /** Deletes the file (and its private directory, on an SSH host). */
    @Override
    void close() throws IOException;
}
