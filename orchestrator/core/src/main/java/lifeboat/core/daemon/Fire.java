package lifeboat.core.daemon;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One firing of a job as the runner sees it.
 *
 * @param scheduledAt the fire time the schedule asked for (for a misfire or a recovery: the original one)
 * @param lateReason why it runs late, or null when on time
 * @param lateCause the kind of {@code lateReason}, for the advice; null when on time
 */
record Fire(String job, Instant scheduledAt, Instant firedAt, String lateReason, LateCause lateCause) {
    Fire {
        requireNonNull(job, "job is null");
        requireNonNull(scheduledAt, "scheduledAt is null");
        requireNonNull(firedAt, "firedAt is null");
        if ((lateReason == null) != (lateCause == null)) {
            throw new IllegalArgumentException("a late fire needs both its reason and its cause");
        }
    }
}
