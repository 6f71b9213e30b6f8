package lifeboat.core.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import lifeboat.core.repo.BackgroundOutputStream;
import lifeboat.core.repo.BackupMetadata.StoredObject;
import lifeboat.core.repo.Encryption;
import lifeboat.core.repo.RepositoryLayout;
import lifeboat.core.repo.StoredObjects;

/**
 * One object of a backup written to every branch from a single stream: as it comes to the plain copies, age-encrypted
 * (and named {@code *.age}) to each encrypted branch. Each branch's copy has its own size and SHA-256. Nothing is
 * visible on any target until {@link #commit()}; {@link #close()} without a commit discards it everywhere.
 */
final class BranchedObject implements AutoCloseable {
    private final List<MultiTargetSink> sinks = new ArrayList<>();
    private final List<BackgroundOutputStream> background = new ArrayList<>();
    private final OutputStream in;

    BranchedObject(List<Branch> branches, String source, String backupId, String name) throws IOException {
        List<OutputStream> outs = new ArrayList<>();
        try {
            for (Branch b : branches) {
                Encryption enc = b.encryption();
                MultiTargetSink sink = new MultiTargetSink(b.targets(),
                        RepositoryLayout.key(source, backupId, StoredObjects.stored(name, enc)));
                sinks.add(sink);
                OutputStream out = new NonClosingOutputStream(sink);
                if (enc == null) {
                    outs.add(out);
                } else {
                    // age and the second SHA-256 on a core of their own: beside a plain branch they would double
                    // the time the backup's thread spends per byte
                    BackgroundOutputStream aside = BackgroundOutputStream.over(enc.encrypt(out), name);
                    background.add(aside);
                    outs.add(aside);
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        this.in = outs.size() == 1 ? outs.get(0) : new TeeOutputStream(outs);
    }

    /** Where the object's bytes go; closing it ends each branch's encryption, and commits nothing. */
    OutputStream stream() {
        return in;
    }

    /** Makes the object durable on every target; what was stored, per branch in branch order. */
    List<StoredObject> commit() throws IOException {
        List<StoredObject> out = new ArrayList<>();
        for (MultiTargetSink s : sinks) {
            out.add(s.commit());
        }
        return out;
    }

    @Override
    public void close() {
        for (BackgroundOutputStream b : background) {
            b.abort(); // a no-op after a clean close; otherwise nothing may write below while it is discarded
        }
        for (MultiTargetSink s : sinks) {
            try {
                s.close();
            } catch (IOException ignored) {
                // discarding: the caller reports the original failure
            }
        }
    }
}
