package lifeboat.core.config;

import java.util.Arrays;
import java.util.Optional;
import lifeboat.core.model.Labeled;

/** What a scheduled job does. Actions named in the schedules contract but not built yet are refused by name. */
public enum JobAction implements Labeled {
    BACKUP(true),
    VERIFY(true),
    COPY(true),
    TRIAL_RESTORE(true),
    PRUNE(true);

    private final boolean implemented;

    JobAction(boolean implemented) {
        this.implemented = implemented;
    }

    public boolean implemented() {
        return implemented;
    }

    public static Optional<JobAction> of(String label) {
        return Arrays.stream(values()).filter(a -> a.label().equals(label)).findFirst();
    }

    /** The label, so that messages built by concatenation read as the catalog and JSON do. */
    @Override
    public String toString() {
        return label();
    }
}
