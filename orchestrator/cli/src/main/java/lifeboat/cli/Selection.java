package lifeboat.cli;

import java.util.List;
import lifeboat.core.Lifeboat;

/** Turns command-line source names or {@code --all} into configured sources, refusing unknown names. */
final class Selection {
    private Selection() {
    }

    static List<String> sources(Lifeboat lb, List<String> names, boolean all) {
        if (all && !names.isEmpty()) {
            throw new IllegalArgumentException("give source names or --all, not both");
        }
        if (all) {
            return lb.sources().names();
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one source, or --all");
        }
        names.forEach(lb.sources()::get);
        return names;
    }
}
