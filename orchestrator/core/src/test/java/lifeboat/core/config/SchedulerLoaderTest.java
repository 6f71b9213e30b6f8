package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import lifeboat.core.config.LifeboatConfig.SchedulerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerLoaderTest {
    @TempDir
    Path dir;

    private Section section;

    private SchedulerConfig load(String yaml) {
        section = new Section(dir, yaml);
        return SchedulerLoader.load(section.context().y(), section.node("scheduler"));
    }

    @Test
    void load_goodInput_givesTheLimits() {
        SchedulerConfig s = load("""
                scheduler:
                  maxConcurrentJobs: 4
                  cluster: true
                  retries: 0
                  retryBackoff: 1m
                  shutdownGrace: 10m
                  perTargetJobs: 1
                """);
        assertThat(section.problems).isEmpty();
        assertThat(s).isEqualTo(new SchedulerConfig(4, true, 0, Duration.ofMinutes(1), Duration.ofMinutes(10), 1));
    }

    @Test
    void load_emptySection_keepsTheDefaults() {
        assertThat(load("scheduler: {}\n")).isEqualTo(SchedulerConfig.DEFAULT);
        assertThat(section.problems).isEmpty();
    }

    @Test
    void malformedValuesAndUnknownKeys_areReportedWithPathAndLine() {
        SchedulerConfig s = load("""
                scheduler:
                  maxConcurrentJobs: many
                  retries: -1
                  retryBackoff: later
                  perTargetJobs: 0
                  clusters: true
                """);
        assertThat(section.reported()).containsExactly(
                        tuple("scheduler.clusters", 6, "unknown key 'clusters' (did you mean 'cluster'?)"),
                        tuple("scheduler.maxConcurrentJobs", 2, "expected a whole number, got 'many'"),
                        tuple("scheduler.perTargetJobs", 5, "must be at least 1"),
                        tuple("scheduler.retries", 3, "must be 0 or more"),
                        tuple("scheduler.retryBackoff", 4, "'later' is not a duration (examples: 90s, 30m, 24h, 7d)"));
        assertThat(s.retryBackoff()).isEqualTo(SchedulerConfig.DEFAULT.retryBackoff());
        assertThat(s.perTargetJobs()).isEqualTo(SchedulerConfig.DEFAULT.perTargetJobs());
    }
}
