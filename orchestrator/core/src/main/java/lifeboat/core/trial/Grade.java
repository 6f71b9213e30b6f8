package lifeboat.core.trial;

import lifeboat.core.model.Labeled;

/**
 * How far a backup is proven: {@code complete} (durable and whole), {@code verified} (its objects re-read and
 * matched), {@code restorable} (a trial restore of it, or of a later backup of its chain, passed its checks).
 */
public enum Grade implements Labeled {
    NONE,
    COMPLETE,
    VERIFIED,
    RESTORABLE;

    @Override
    public String toString() {
        return label();
    }
}
