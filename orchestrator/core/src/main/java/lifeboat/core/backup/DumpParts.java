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
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.Zstd;
import lifeboat.spi.DumpSource;

/**
 * Receives a database source's dump parts: each is streamed through zstd (unless already compressed) to every
 * branch of targets (encrypted where a branch asks for it), and committed when the source closes its stream. Parts
 * still open when the dump ends are discarded.
 */
final class DumpParts implements DumpSource.DumpOutput {
    private final List<Branch> branches;
    private final String source;
    private final String backupId;
    private final int level;
    private final int workers;
    private final List<List<StoredObject>> objects;
    private long bytes;
    private final Progress progress;
    private final Set<String> names = new HashSet<>();
    private final List<BranchedObject> open = new ArrayList<>();

    /** @param objects receives each committed part: what was stored, per branch in branch order */
    DumpParts(List<Branch> branches, String source, String backupId, int level, int workers,
            List<List<StoredObject>> objects, Progress progress) {
        this.branches = branches;
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
        String object = objectName(name, compressed);
        if (!names.add(object)) {
            throw new IllegalArgumentException("dump part '" + name + "' written twice");
        }
        BranchedObject sink = new BranchedObject(branches, source, backupId, object);
        open.add(sink);
        OutputStream raw = sink.stream();
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

    void discardOpen() {
        for (BranchedObject s : open) {
            s.close();
        }
        open.clear();
    }
}
