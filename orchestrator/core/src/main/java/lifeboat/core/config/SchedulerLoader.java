package lifeboat.core.config;

import java.util.Map;
import java.util.Set;
import lifeboat.core.config.LifeboatConfig.SchedulerConfig;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code scheduler}: the daemon's limits; what is left out keeps its default. */
final class SchedulerLoader {
    private static final Set<String> KEYS = Set.of("maxConcurrentJobs", "cluster", "retries", "retryBackoff",
            "shutdownGrace", "perTargetJobs");

    private SchedulerLoader() {
    }

    static SchedulerConfig load(YamlNodes y, Node node) {
        var dflt = SchedulerConfig.DEFAULT;
        Map<String, Node> s = y.mapping("scheduler", node, KEYS);
        Long max = s.containsKey("maxConcurrentJobs") ? y.integer("scheduler.maxConcurrentJobs", s.get("maxConcurrentJobs")) : null;
        Boolean cluster = s.containsKey("cluster") ? y.bool("scheduler.cluster", s.get("cluster")) : null;
        if (max != null && max < 1) {
            y.problem("scheduler.maxConcurrentJobs", s.get("maxConcurrentJobs"), "must be at least 1");
        }
        Long perTarget = s.containsKey("perTargetJobs") ? y.integer("scheduler.perTargetJobs", s.get("perTargetJobs")) : null;
        if (perTarget != null && perTarget < 1) {
            y.problem("scheduler.perTargetJobs", s.get("perTargetJobs"), "must be at least 1");
        }
        Long retries = s.containsKey("retries") ? y.integer("scheduler.retries", s.get("retries")) : null;
        if (retries != null && retries < 0) {
            y.problem("scheduler.retries", s.get("retries"), "must be 0 or more");
        }
        return new SchedulerConfig(max == null ? dflt.maxConcurrentJobs() : max.intValue(),
                cluster != null && cluster, retries == null ? dflt.retries() : retries.intValue(),
                y.duration("scheduler.retryBackoff", s.get("retryBackoff"), dflt.retryBackoff()),
                y.duration("scheduler.shutdownGrace", s.get("shutdownGrace"), dflt.shutdownGrace()),
                perTarget == null || perTarget < 1 ? dflt.perTargetJobs() : perTarget.intValue());
    }
}
