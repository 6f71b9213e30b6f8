package lifeboat.core.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lifeboat.core.model.Progress;
import lifeboat.core.repo.BackupMetadata.StoredObject;
import lifeboat.core.repo.Encryption;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.StoredObjects;
import lifeboat.core.repo.Zstd;
import lifeboat.spi.DumpSource;
import lifeboat.spi.Storage;

/**
 * Receives a database source's dump parts: each is streamed through zstd (unless already compressed) to every
 * target, and committed when the source closes its stream. Parts still open when the dump ends are discarded.
 */
final class DumpParts implements DumpSource.DumpOutput {
    private final List<Storage> targets;
    private final String source;
    private final String backupId;
    private final int level;
    private final int workers;
    private final Encryption encryption;
    private final List<StoredObject> objects;
    private long bytes;
    private final Progress progress;
    private final Set<String> names = new HashSet<>();
    private final List<MultiTargetSink> open = new ArrayList<>();

    DumpParts(List<Storage> targets, String source, String backupId, int level, int workers,
            Encryption encryption, List<StoredObject> objects, Progress progress) {
        this.encryption = encryption;
        this.targets = targets;
        this.source = source;
        this.backupId = backupId;
        this.level = level;
        this.workers = workers;
        this.objects = objects;
        this.progress = progress;
    }

    /** Uncompressed bytes the plugin wrote into every part so far. */
    long bytes() {
        return bytes;
    }

    /** Object name of a part: compressed parts keep their name, others get {@code .zst}. */
    static String objectName(String part, boolean compressed) {
        return compressed ? part : part + ".zst";
    }

    @Override
    public OutputStream part(String name, boolean compressed) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.equals(RepositoryLayout.METADATA)
                || name.equals(RepositoryLayout.SUMS)) {
            throw new IllegalArgumentException("invalid dump part name '" + name + "'");
        }
        String object = StoredObjects.stored(objectName(name, compressed), encryption);
        if (!names.add(object)) {
            throw new IllegalArgumentException("dump part '" + name + "' written twice");
        }
        MultiTargetSink sink = new MultiTargetSink(targets, RepositoryLayout.key(source, backupId, object));
        open.add(sink);
        OutputStream raw = new NonClosingOutputStream(sink);
        if (encryption != null) {
            raw = encryption.encrypt(raw);
        }
        OutputStream body = compressed ? raw : Zstd.compress(raw, level, workers);
        return new FilterOutputStream(body) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes += len;
                progress.advance(len, name);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes++;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                out.close();
                objects.add(sink.commit());
                open.remove(sink);
                sink.close();
            }
        };
    }

    void checkAllClosed() throws IOException {
        if (!open.isEmpty()) {
            throw new IOException("the dump ended with " + open.size() + " part(s) not closed");
        }
    }

    void discardOpen() throws IOException {
        for (MultiTargetSink s : open) {
            s.close();
        }
        open.clear();
    }
}
