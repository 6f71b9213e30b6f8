package lifeboat.core.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.repo.BackupMetadata.StoredObject;
import lifeboat.core.repo.HashingOutputStream;
import lifeboat.spi.PendingObject;
import lifeboat.spi.Storage;

/**
 * One object written to every target of a backup in the same pass, hashed once as it goes. Nothing is visible on
 * any target until {@link #commit()}; {@link #close()} without a commit discards it everywhere.
 */
final class MultiTargetSink extends OutputStream {
    private final String name;
    private final List<PendingObject> pending = new ArrayList<>();
    private final HashingOutputStream hashed;
    private StoredObject committed;

    MultiTargetSink(List<Storage> targets, String key) throws IOException {
        this.name = key.substring(key.lastIndexOf('/') + 1);
        try {
            for (Storage t : targets) {
                pending.add(t.create(key));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.hashed = new HashingOutputStream(pending.size() == 1 ? pending.get(0) : new Tee(pending));
    }

    @Override
    public void write(int b) throws IOException {
        hashed.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        hashed.write(b, off, len);
    }

    /** Makes the object durable on every target and returns its size and hash. */
    StoredObject commit() throws IOException {
        if (committed == null) {
            hashed.flush();
            for (PendingObject p : pending) {
                p.commit();
            }
            committed = new StoredObject(name, hashed.count(), hashed.sha256());
        }
        return committed;
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
    }

    private void closeQuietly() {
        for (PendingObject p : pending) {
            try {
                p.close();
            } catch (IOException ignored) {
                // discarding: the caller reports the original failure
            }
        }
    }

    private static final class Tee extends OutputStream {
        private final List<PendingObject> outs;

        Tee(List<PendingObject> outs) {
            this.outs = outs;
        }

        @Override
        public void write(int b) throws IOException {
            for (OutputStream o : outs) {
                o.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (OutputStream o : outs) {
                o.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            for (OutputStream o : outs) {
                o.flush();
            }
        }
    }
}
