package lifeboat.core.monitor;

import java.time.Duration;

/**
 * How a restart command went: its exit code (null when it was given up), the end of what it printed, and how long
 * it took.
 */
public record ShellRun(Integer exit, String output, boolean timedOut, Duration took) {
    public boolean succeeded() {
        return !timedOut && exit != null && exit == 0;
    }

    /** {@code exit 0 in 1.2 s}, {@code given up after 5.0 s}. */
    public String describe() {
        return (timedOut ? "given up after " : "exit " + exit + " in ") + Probes.human(took)
                + (output == null || output.isBlank() ? "" : ": " + Probes.shorten(output));
    }
}
