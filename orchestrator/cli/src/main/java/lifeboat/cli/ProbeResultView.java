package lifeboat.cli;

import lifeboat.core.model.ProbeStatus;
import lifeboat.core.monitor.MonitorRound;

/** One probe or live restore test as {@code --json} shows it (for IT: it names hosts and URLs). */
record ProbeResultView(String system, String probe, ProbeStatus status, String detail, long tookMs) {
    static ProbeResultView of(MonitorRound.Result r) {
        return new ProbeResultView(r.system(), r.probe(), r.outcome().status(), r.outcome().detail(),
                r.outcome().took().toMillis());
    }

    /** One line for the terminal. */
    String line() {
        return String.format("  %-9s %-10s %s: %s (%d ms)", status.label(), system, probe, detail, tookMs);
    }
}
