package lifeboat.core.proof;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.CopyRecord;
import lifeboat.core.plugins.Targets;
import lifeboat.core.repo.Proof;
import lifeboat.core.repo.ProofFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each verification and trial-restore result beside the backups too, on every configured target that holds a
 * copy of the backup, so that the proof survives the catalog (see {@code lifeboat catalog rebuild}). The catalog
 * stays the record: a target that cannot take the proof now is logged, not a failed verification.
 */
public final class ProofRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(ProofRecorder.class);
    private final Targets targets;
    private final BackupStore backups;

    public ProofRecorder(Targets targets, BackupStore backups) {
        this.targets = targets;
        this.backups = backups;
    }

    /** Writes the proof to each target with a copy of its backup; returns the targets that took it. */
    public Set<String> record(Proof proof) {
        Set<String> written = new LinkedHashSet<>();
        try {
            for (CopyRecord c : backups.copies(proof.backup())) {
                if (!targets.configured(c.storage())) {
                    continue;
                }
                try {
                    ProofFiles.write(targets.get(c.storage()), proof);
                    written.add(c.storage());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not keep the proof {} of backup {} on storage target {}: {}", proof.id(),
                            proof.backup(), c.storage(), e.getMessage());
                }
            }
        } catch (SQLException e) {
            LOG.warn("could not find the copies of backup {} to keep its proof beside: {}", proof.backup(),
                    e.getMessage());
        }
        return written;
    }
}
