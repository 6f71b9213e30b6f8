package lifeboat.core.audit;

import lifeboat.core.model.Labeled;

/** How the audit chain was broken at the first entry that does not match. */
public enum BreakKind implements Labeled {
    /** The entry's content no longer matches its hash, or the next entry was chained to a different content. */
    EDITED,
    /** Entries are gone from the middle of the chain. */
    MISSING,
    /** An entry was put into the chain that the entry after it was never chained to. */
    INSERTED,
    /** Two entries changed places. */
    REORDERED,
    /** A checkpoint on storage is not one this installation signed, or disagrees with the catalog. */
    CHECKPOINT_MISMATCH,
    /** Entries are gone from the end of the chain: its head or a checkpoint knew later ones. */
    TRUNCATED;

    @Override
    public String toString() {
        return label();
    }
}
