package lifeboat.core.backup;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.spi.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after runs that were killed: a {@code running} backup whose writer process is gone is marked
 * {@code failed} and whatever it left on storage is removed. Backups still being written by a live process, here or
 * on another host, are left alone.
 */
public final class Janitor {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
    private final Sources sources;
    private final Targets targets;
    private final BackupStore store;

    public Janitor(Sources sources, Targets targets, BackupStore store) {
        this.sources = sources;
        this.targets = targets;
        this.store = store;
    }

    /** Cleans up interrupted backups of one source; returns how many it found. */
    public int cleanUp(SourceConfig source) throws IOException, SQLException {
        int n = 0;
        for (BackupRecord b : store.running()) {
            if (!b.source().equals(source.name()) || !ProcessOwner.isDead(b.owner(), b.startedAt())) {
                continue;
            }
            List<Storage> targets = this.targets.of(source);
            LOG.warn("backup {} of {} was interrupted (its process {} is gone): marking it failed and removing its objects",
                    b.id(), b.source(), b.owner());
            BackupService.removeObjects(targets, b.source(), b.id());
            store.markFailed(b.id(), "interrupted: the process " + b.owner() + " ended before the backup"
                    + " was complete", Instant.now());
            n++;
        }
        return n;
    }

    /** Cleans up interrupted backups of every configured source. */
    public int cleanUpAll() throws IOException, SQLException {
        int n = 0;
        for (SourceConfig s : sources.all()) {
            n += cleanUp(s);
        }
        return n;
    }
}
