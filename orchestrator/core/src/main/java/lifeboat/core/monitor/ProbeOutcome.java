package lifeboat.core.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import lifeboat.core.config.ProbeSpec;
import lifeboat.core.model.ProbeStatus;

/**
 * What one run of a probe found: it passed, it failed with a reason, or it gave no answer within its timeout. The
 * texts are for IT (they name hosts, URLs and error text); the school is told only whether a system is up.
 */
public sealed interface ProbeOutcome permits ProbeOutcome.Passed, ProbeOutcome.Failed, ProbeOutcome.TimedOut {
    /** How long the probe took (for a timeout, how long it was waited for). */
    Duration took();

    default boolean passed() {
        return this instanceof Passed;
    }

    ProbeStatus status();

    /** The outcome's word, as stored: {@code passed}, {@code failed}, {@code timed-out}. */
    default String label() {
        return status().label();
    }

    /** What was seen, for IT: {@code HTTP 200 in 12 ms}, {@code connection refused}, {@code no answer within 2s}. */
    String detail();

    /** One line for IT naming what was checked and what was seen. */
    default String describe(ProbeSpec probe) {
        return probe.describe() + ": " + label() + " (" + detail() + ")";
    }

    record Passed(String detail, Duration took) implements ProbeOutcome {
        public Passed {
            requireNonNull(detail, "detail is null");
            requireNonNull(took, "took is null");
        }

        @Override
        public ProbeStatus status() {
            return ProbeStatus.PASSED;
        }
    }

    record Failed(String reason, Duration took) implements ProbeOutcome {
        public Failed {
            requireNonNull(reason, "reason is null");
            requireNonNull(took, "took is null");
        }

        @Override
        public ProbeStatus status() {
            return ProbeStatus.FAILED;
        }

        @Override
        public String detail() {
            return reason;
        }
    }

    record TimedOut(Duration took) implements ProbeOutcome {
        public TimedOut {
            requireNonNull(took, "took is null");
        }

        @Override
        public ProbeStatus status() {
            return ProbeStatus.TIMED_OUT;
        }

        @Override
        public String detail() {
            return "no answer within " + Probes.human(took);
        }
    }
}
