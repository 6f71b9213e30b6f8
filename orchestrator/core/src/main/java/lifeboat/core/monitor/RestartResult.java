package lifeboat.core.monitor;

import java.util.List;

/**
 * What {@code incident restart} did: the system's restart command where it ran, how it went (or why it could not
 * start), then each of the system's probes.
 *
 * @param run how the command went, or null when it could not be started
 * @param error why the command could not be started, or null
 * @param back whether the command succeeded and every probe passes afterwards
 */
public record RestartResult(long incidentId, String system, String command, String where, ShellRun run, String error,
        List<MonitorRound.Result> probes, boolean back) {
    public RestartResult {
        probes = List.copyOf(probes);
    }

    /** One line for IT: what ran, how it went, and whether the system is back. */
    public String summary() {
        long passed = probes.stream().filter(r -> r.outcome().passed()).count();
        return "restart of " + system + " (" + command + " on " + where + "): "
                + (run == null ? "could not start: " + error : run.describe()) + "; " + (probes.isEmpty()
                        ? "no probes configured"
                        : passed + " of " + probes.size() + " probes pass")
                + (back ? "; the system is back" : "; the system is NOT back");
    }
}
