package lifeboat.core.recover;

import java.util.List;

/**
 * Hears a recovery run as it goes: when it starts, and when each priority group is over (its steps restored and
 * checked, or failed, or skipped). An incident posts its updates from here. A listener that throws does not stop
 * the recovery; it is logged.
 */
public interface RecoveryListener {
    RecoveryListener NONE = new RecoveryListener() {
    };

    /** The run is recorded and about to restore its first group. */
    default void started(long runId, RecoveryService.Plan plan) {
    }

    /** A priority group is over; {@code steps} are its steps as recorded. */
    default void groupFinished(long runId, int priority, List<RecoveryService.StepOutcome> steps) {
    }
}
