package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import lifeboat.core.config.NotificationsConfig.RuleConfig;
import lifeboat.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsLoaderTest {
    @TempDir
    Path dir;

    private Section section;

    private NotificationsConfig load(String yaml) {
        section = new Section(dir, yaml);
        section.env.put("HOOK_TOKEN", "s3cret");
        return NotificationsLoader.load(section.context(), new TestPlugins(), section.node("notifications"),
                Set.of("sis-db"), Set.of("local"));
    }

    @Test
    void load_goodInput_givesChannelsRulesDigestAndLimits() {
        NotificationsConfig n = load("""
                notifications:
                  channels:
                    - name: it
                      type: webhook
                      url: https://hooks.school.lan/it
                      timeout: 10s
                      token: ${env:HOOK_TOKEN}
                  rules:
                    - events: [backup-failed]
                      severities: [error]
                      sources: [sis-db, local]
                      channels: [it]
                  repeatAfter: 12h
                  expireAfter: 2d
                  checkEvery: 5m
                  digest:
                    cron: "0 30 6 * * ?"
                    timezone: Europe/London
                  minFreeSpace: 5GiB
                """);
        assertThat(section.problems).isEmpty();
        assertThat(n.channels()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("it");
            assertThat(c.type()).isEqualTo("webhook");
            assertThat(c.settings().duration("timeout")).contains(Duration.ofSeconds(10));
            assertThat(c.settings().requireString("token")).isEqualTo("s3cret");
        });
        assertThat(n.rules()).containsExactly(new RuleConfig(List.of("backup-failed"),
                List.of(Severity.ERROR), List.of("sis-db", "local"), List.of("it")));
        assertThat(n.repeatAfter()).isEqualTo(Duration.ofHours(12));
        assertThat(n.expireAfter()).isEqualTo(Duration.ofDays(2));
        assertThat(n.checkEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(n.digestCron()).isEqualTo("0 30 6 * * ?");
        assertThat(n.zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(n.minFreeBytes()).isEqualTo(5L << 30);
    }

    @Test
    void load_emptySection_keepsTheDefaults() {
        NotificationsConfig n = load("notifications: {}\n");
        assertThat(section.problems).isEmpty();
        assertThat(n).isEqualTo(NotificationsConfig.NONE);
    }

    @Test
    void malformedDurationsAndSize_areReportedWithPathAndLineAndKeepTheDefaults() {
        NotificationsConfig n = load("""
                notifications:
                  repeatAfter: soon
                  checkEvery: 0s
                  minFreeSpace: 5%
                  digest:
                    cron: "every morning"
                    timezone: Mars/Olympus
                """);
        assertThat(section.reported()).containsExactly(
                        tuple("notifications.digest.cron", 6, "'every morning' is not a Quartz cron expression"
                                + " (seconds first, e.g. \"0 0 7 * * ?\" for 07:00 every day)"),
                        tuple("notifications.digest.timezone", 7, "unknown time zone 'Mars/Olympus'"),
                        tuple("notifications.minFreeSpace", 4, "expected a size such as 10GiB or 500MB"),
                        tuple("notifications.repeatAfter", 2, "'soon' is not a duration (examples: 90s, 30m, 24h, 7d)"),
                        tuple("notifications.checkEvery", 3, "must be longer than zero"));
        assertThat(n.repeatAfter()).isEqualTo(NotificationsConfig.DEFAULT_REPEAT);
        assertThat(n.checkEvery()).isEqualTo(NotificationsConfig.DEFAULT_CHECK);
        assertThat(n.minFreeBytes()).isEqualTo(NotificationsConfig.DEFAULT_MIN_FREE);
    }

    @Test
    void unknownKeys_inTheSectionARuleAndAChannel_areErrors() {
        load("""
                notifications:
                  chanels: []
                  channels:
                    - name: it
                      type: webhook
                      url: https://hooks.school.lan/it
                      retries: 3
                  rules:
                    - events: ["*"]
                      channels: [it]
                      level: error
                """);
        assertThat(section.reported()).containsExactly(
                tuple("notifications.chanels", 2, "unknown key 'chanels' (did you mean 'channels'?)"),
                tuple("notifications.channels[0].retries", 7, "unknown key 'retries' (allowed: name, timeout, token,"
                        + " type, url)"),
                tuple("notifications.rules[0].level", 11, "unknown key 'level' (allowed: channels, events, severities,"
                        + " sources)"));
    }

    @Test
    void rule_withUnknownEventSourceOrChannel_isReported() {
        load("""
                notifications:
                  channels:
                    - name: it
                      type: webhook
                      url: https://hooks.school.lan/it
                  rules:
                    - events: [backup-exploded]
                      severities: [fatal]
                      sources: [library-db]
                      channels: [leadership]
                """);
        assertThat(section.problems).extracting(ConfigProblem::path, ConfigProblem::line).containsExactly(
                tuple("notifications.rules[0].events", 7), tuple("notifications.rules[0].severities", 8),
                tuple("notifications.rules[0].sources", 9), tuple("notifications.rules[0].channels", 10));
        assertThat(section.problems).extracting(ConfigProblem::message).satisfiesExactly(
                m -> assertThat(m).startsWith("unknown event type 'backup-exploded' (known: "),
                m -> assertThat(m).isEqualTo("unknown severity 'fatal' (known: error, warning, info)"),
                m -> assertThat(m).isEqualTo("'library-db' is neither a source nor a storage target"),
                m -> assertThat(m).isEqualTo("channel 'leadership' is not defined under notifications.channels"));
    }

    @Test
    void channel_withUnknownTypeOrDuplicateName_isReported() {
        NotificationsConfig n = load("""
                notifications:
                  channels:
                    - name: it
                      type: webhook
                      url: https://a
                    - name: it
                      type: webhook
                      url: https://b
                    - name: pager
                      type: pigeon
                """);
        assertThat(n.channels()).hasSize(1);
        assertThat(section.reported()).containsExactly(
                        tuple("notifications.channels[1].name", 6, "duplicate channel name 'it'"),
                        tuple("notifications.channels[2].type", 10, "unknown channel type 'pigeon' (known: webhook)"));
    }
}
