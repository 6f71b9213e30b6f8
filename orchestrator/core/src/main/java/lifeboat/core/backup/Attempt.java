package lifeboat.core.backup;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * Who runs a backup or copy and whether a failure will be tried again: a failure that will be retried is logged, not
 * reported, so people hear of the attempt that counts.
 *
 * @param job the scheduled job running it, or null when run by hand
 * @param number 1 for the first attempt
 * @param retried whether a failure with this cause will be tried again
 */
public record Attempt(String job, int number, Predicate<Throwable> retried) {
    /** Run by hand: one attempt, never retried. */
    public static final Attempt BY_HAND = new Attempt(null, 1, cause -> false);

    public Attempt {
        requireNonNull(retried, "retried is null");
        if (number < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1");
        }
    }

    boolean willRetry(Throwable cause) {
        return cause != null && retried.test(cause);
    }

    /** How it ran, for messages, e.g. {@code job nightly, after 3 attempts}; null when run by hand. */
    String context(Throwable cause) {
        if (job == null) {
            return null;
        }
        String why = cause != null && !Failures.isTransient(cause) ? ", permanent: not retried"
                : number > 1 ? ", after " + number + " attempts" : "";
        return "job " + job + why;
    }
}
