package lifeboat.plugin.sftp;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.OutputStream;
import lifeboat.spi.PendingObject;

/**
 * An object being written to its temporary file over its own SFTP channel. Commit closes the file (which waits
 * for the server to acknowledge every write) and renames it over the final name; close without commit, or a failed
 * commit, removes the temporary file (or leaves it to {@link SftpStorage#removeIncomplete} when the server is
 * unreachable). Not thread-safe.
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
            closed = true;
            if (committed) {
                channel.disconnect();
            } else {
                discard();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        discard();
    }

    /**
     * Drops the channel (the server closes the file with it) and removes the temporary file over a fresh channel:
     * after a failed write the old channel still has unread acknowledgements queued and would misread the reply.
     */
    private void discard() {
        channel.disconnect();
        storage.removeQuietly(temp);
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
