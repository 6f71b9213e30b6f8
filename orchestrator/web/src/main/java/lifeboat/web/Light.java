package lifeboat.web;

import lifeboat.core.model.Labeled;

/** A source's colour on the dashboard: green all proven, amber something to look at, red a promise broken. */
public enum Light implements Labeled {
    GREEN,
    AMBER,
    RED;

    Light worst(Light other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    @Override
    public String toString() {
        return label();
    }
}
