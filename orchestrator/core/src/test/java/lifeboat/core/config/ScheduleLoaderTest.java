package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.plugins.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleLoaderTest {
    @TempDir
    Path dir;

    private LifeboatConfig config() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        Path file = Files.writeString(dir.resolve("lifeboat.yaml"), """
                storage:
                  - name: local
                    type: local
                    path: ./repo
                sources:
                  - name: share
                    type: files
                    path: ./share
                    storage: [local]
                    tags: [shares]
                  - name: other
                    type: files
                    path: ./share
                    storage: [local]
                """);
        return new ConfigLoader(PluginRegistry.load(), Map.<String, String>of()::get).load(file);
    }

    @Test
    void shippedSchedules_allLoad() throws Exception {
        List<JobDefinition> jobs = ScheduleLoader.load(Path.of("../../schedules"), config());
        assertThat(jobs).extracting(JobDefinition::name)
                .contains("nightly-incremental", "weekly-full", "weekly-full-verify");
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.sources()).containsExactly("share", "other");
            assertThat(j.nextFireTimes(Instant.now(), 2)).hasSize(2);
        });
    }

    @Test
    void tagsAndNames_resolveToSources() throws Exception {
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/a.yaml"), """
                timezone: UTC
                jobs:
                  - name: tagged
                    action: verify
                    sources: [shares]
                    cron: "0 0 5 * * ?"
                """);
        List<JobDefinition> jobs = ScheduleLoader.load(dir.resolve("schedules"), config());
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.sources()).containsExactly("share");
            assertThat(j.mode()).isEqualTo(VerifyMode.QUICK);
        });
    }

    @Test
    void everyProblem_isReportedWithFileAndLine() throws Exception {
        Files.createDirectories(dir.resolve("schedules"));
        Files.writeString(dir.resolve("schedules/bad.yaml"), """
                timezone: Europe/Nowhere
                jobs:
                  - name: a
                    action: backup
                    cron: "0 0 25 * * ?"
                  - name: b
                    action: forget
                    cron: "0 0 1 * * ?"
                  - name: c
                    action: backup
                    sources: [nobody]
                    cron: "0 0 1 * * ?"
                    levle: full
                  - name: d
                    action: copy
                    to: offsite
                    cron: "0 0 1 * * ?"
                  - name: e
                    action: verify
                    mode: rolling
                    cron: "0 0 1 * * ?"
                  - name: f
                    action: verify
                    mode: full
                    budget: 5%
                    cron: "0 0 1 * * ?"
                """);
        LifeboatConfig config = config();
        assertThatThrownBy(() -> ScheduleLoader.load(dir.resolve("schedules"), config))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::toString)
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:1").contains("unknown time zone"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:5").contains("invalid Quartz cron"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:7").contains("unknown action 'forget'"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:11").contains("'nobody' is neither"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:13").contains("did you mean 'level'"))
                        .anySatisfy(p -> assertThat(p).contains("a copy job needs 'from'"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:16").contains("'offsite' is not defined"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:18").contains("needs 'budget'"))
                        .anySatisfy(p -> assertThat(p).contains("bad.yaml:25").contains("rolling only")));
    }
}
