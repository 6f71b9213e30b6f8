package lifeboat.plugin.sftp;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.OutputStream;
import lifeboat.spi.PendingObject;

/**
 * An object being written to its temporary file over its own SFTP channel. Commit closes the file (which waits
 * for the server to acknowledge every write) and renames it over the final name; close without commit removes the
 * temporary file. Not thread-safe.
 */
final class SftpPendingObject extends PendingObject {
    private final SftpStorage storage;
    private final ChannelSftp channel;
    private final OutputStream out;
    private final String key;
    private final String temp;
    private final String target;
    private boolean committed;
    private boolean closed;

    SftpPendingObject(SftpStorage storage, ChannelSftp channel, OutputStream out, String key, String temp, String target) {
        this.storage = requireNonNull(storage, "storage is null");
        this.channel = requireNonNull(channel, "channel is null");
        // JSch sends one SFTP packet per write call: batch small writes
        this.out = SftpStorage.buffered(requireNonNull(out, "out is null"));
        this.key = requireNonNull(key, "key is null");
        this.temp = requireNonNull(temp, "temp is null");
        this.target = requireNonNull(target, "target is null");
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        try {
            out.write(b);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        try {
            out.flush();
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    @Override
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        checkOpen();
        try {
            try {
                out.close();
            } catch (IOException e) {
                throw writeFailed(e);
            }
            try {
                storage.publish(channel, temp, target);
            } catch (SftpException e) {
                throw storage.failure("renaming '" + key + "' into place", target, e);
            }
            committed = true;
        } finally {
            if (!committed) {
                discard();
            }
            closed = true;
            channel.disconnect();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            discard();
        } finally {
            channel.disconnect();
        }
    }

    private void discard() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the write already failed or is being abandoned; the temp file goes next
        }
        try {
            channel.rm(temp);
        } catch (SftpException ignored) {
            // gone already, or the connection is: removeIncomplete cleans up later
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(storage.config().name() + ": object '" + key + "' is already "
                    + (committed ? "committed" : "discarded"));
        }
    }

    private IOException writeFailed(IOException e) {
        return new IOException(storage.config().name() + ": writing '" + key + "' to " + storage.config().location()
                + " failed: " + e.getMessage(), e);
    }
}
