package lifeboat.core.prune;

import lifeboat.core.model.Labeled;

/** What prune does with one backup's copy on one target. */
public enum Verdict implements Labeled {
    /** A rule keeps it, or it is protected (latest good, needed by a kept backup, in use, last good left). */
    KEEP,
    /** No rule keeps it and nothing protects it. */
    REMOVE,
    /** No rule keeps it, but the target forbids deleting it yet (Object Lock retention): left and reported. */
    LOCKED;

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
