package lifeboat.core.incident;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.model.Audience;
import lifeboat.core.model.StepStatus;
import lifeboat.core.recover.RecoveryListener;
import lifeboat.core.recover.RecoveryService;

/**
 * Links a recovery run to an incident and posts an update as each priority group is restored and checked: the
 * steps with their times, the systems whose sources are all back (then operational), and the expected time
 * recomputed from what is left.
 */
final class RecoveryUpdates implements RecoveryListener {
    private final IncidentService incidents;
    private final long incidentId;
    private final String plan;
    private final List<Audience> notify;
    private final Set<String> done = new HashSet<>();
    private final Set<String> planned = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    RecoveryUpdates(IncidentService incidents, long incidentId, String plan, List<Audience> notify) {
        this.incidents = incidents;
        this.incidentId = incidentId;
        this.plan = plan;
        this.notify = notify;
    }

    /** What could not be recorded on the incident (the recovery went on regardless). */
    List<String> problems() {
        return problems;
    }

    @Override
    public void started(long runId, RecoveryService.Plan p) {
        p.steps().forEach(s -> planned.add(s.source()));
        try {
            incidents.recoveryStarted(incidentId, runId, p, notify);
        } catch (SQLException | RuntimeException e) {
            problems.add("cannot link recovery run " + runId + " to incident " + incidentId + ": " + e.getMessage());
        }
    }

    @Override
    public void groupFinished(long runId, int priority, List<RecoveryService.StepOutcome> steps) {
        try {
            steps.stream().filter(s -> s.status() == StepStatus.CHECKED).forEach(s -> done.add(s.source()));
            IncidentRecord i = incidents.get(incidentId);
            List<String> back = new ArrayList<>();
            for (String system : i.systems()) {
                SystemConfig sc = incidents.system(system);
                List<String> sources = sc.sources();
                boolean restoredHere = steps.stream().anyMatch(s -> sources.contains(s.source()));
                // a source of the system that this run does not restore does not hold it back
                if (restoredHere && done.containsAll(sources.stream().filter(planned::contains).toList())) {
                    back.add(system);
                }
            }
            StringBuilder text = new StringBuilder("Recovery run " + runId + ", priority group " + priority + ": ");
            List<String> parts = new ArrayList<>();
            for (RecoveryService.StepOutcome s : steps) {
                parts.add(s.source() + " " + s.status().label() + (s.durationMs() == null ? ""
                        : " in " + ReportBuilder.text(Duration.ofMillis(s.durationMs())))
                        + (s.status() == StepStatus.CHECKED && s.dataLossMs() != null ? " (data-loss window "
                                + ReportBuilder.text(Duration.ofMillis(s.dataLossMs())) + ")" : "")
                        + (s.status() == StepStatus.CHECKED ? "" : ": " + s.detail()));
            }
            text.append(String.join("; ", parts)).append('.');
            if (!back.isEmpty()) {
                text.append(" Back: ").append(String.join(", ", back)).append('.');
            }
            incidents.recoveryGroupDone(incidentId, plan, back, Set.copyOf(done), text.toString(), notify);
        } catch (SQLException | RuntimeException e) {
            problems.add("cannot post the update for priority group " + priority + " of run " + runId + ": "
                    + e.getMessage());
        }
    }
}
