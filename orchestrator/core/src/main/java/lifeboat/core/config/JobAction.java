package lifeboat.core.config;

import java.util.Arrays;
import java.util.Optional;

/** What a scheduled job does. Actions named in the schedules contract but not built yet are refused by name. */
public enum JobAction {
    BACKUP("backup", true),
    VERIFY("verify", true),
    COPY("copy", true),
    TRIAL_RESTORE("trial-restore", true),
    PRUNE("prune", false);

    private final String label;
    private final boolean implemented;

    JobAction(String label, boolean implemented) {
        this.label = label;
        this.implemented = implemented;
    }

    public String label() {
        return label;
    }

    public boolean implemented() {
        return implemented;
    }

    public static Optional<JobAction> of(String label) {
        return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst();
    }
}
