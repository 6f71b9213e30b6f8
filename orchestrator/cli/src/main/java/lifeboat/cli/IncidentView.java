package lifeboat.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import lifeboat.core.catalog.IncidentRecord;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.model.SystemStatus;

/** An incident as {@code --json} shows it: the record, and each affected system with its title and status now. */
record IncidentView(@JsonUnwrapped IncidentRecord incident, List<SystemNow> systems) {
    /** An affected system now. */
    record SystemNow(String name, String title, SystemStatus status) {
    }

    static IncidentView of(IncidentRecord i, LifeboatConfig config) {
        return new IncidentView(i, i.systems().stream().map(s -> new SystemNow(s, config.crashPolicy().system(s)
                .map(SystemConfig::title).orElse(s), i.status(s).orElseThrow())).toList());
    }
}
