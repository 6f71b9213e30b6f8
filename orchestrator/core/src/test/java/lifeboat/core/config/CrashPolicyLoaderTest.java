package lifeboat.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.model.Audience;
import lifeboat.spi.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashPolicyLoaderTest {
    @TempDir
    Path dir;

    private Section section;

    private static SourceConfig source(String name, String type) {
        return new SourceConfig(name, type, List.of("local"), null, List.of(), new Settings(name, type, Map.of()), null);
    }

    private CrashPolicyConfig load(String yaml) {
        section = new Section(dir, yaml);
        section.env.put("ADMIN_PW", "hunter2");
        var root = section;
        return CrashPolicyLoader.load(section.context(), has(yaml, "systems") ? root.node("systems") : null,
                has(yaml, "audiences") ? root.node("audiences") : null, has(yaml, "policy") ? root.node("policy") : null,
                List.of(source("sis-db", "postgres"), source("staff-share", "files")), Set.of("it-email", "office"));
    }

    private static boolean has(String yaml, String key) {
        return yaml.startsWith(key + ":") || yaml.contains("\n" + key + ":");
    }

    @Test
    void load_theIssuesExample_givesSystemsProbesRestartAudiencesAndPolicy() {
        CrashPolicyConfig p = load("""
                systems:
                  - name: sis
                    title: Student information system
                    sources: [sis-db]
                    workaround: Take attendance on the paper forms in the school office.
                    probes:
                      - {type: tcp, host: 10.0.0.5, port: 5432}
                      - {type: http, url: "https://sis.school.example/health", expectStatus: 200, expectText: OK}
                      - {type: sql, source: sis-db, query: "select count(*) > 0 from students", expect: "t"}
                      - {type: command, command: ["/usr/local/bin/check-sis"], timeout: 3s}
                    restart: {viaHost: 10.0.0.5, viaUser: admin, viaPassword: "${env:ADMIN_PW}", command: "systemctl restart postgresql"}
                audiences:
                  it: [it-email]
                  leadership: [office]
                policy:
                  monitorFor: 24h
                  probeEvery: 1m
                  reviewEvery: 365d
                  lastReviewed: 2024-10-01
                """);
        assertThat(section.problems).isEmpty();
        SystemConfig sis = p.system("sis").orElseThrow();
        assertThat(sis.title()).isEqualTo("Student information system");
        assertThat(sis.sources()).containsExactly("sis-db");
        assertThat(sis.probes()).containsExactly(
                new ProbeSpec.Tcp("10.0.0.5", 5432, ProbeSpec.DEFAULT_TIMEOUT),
                new ProbeSpec.Http(URI.create("https://sis.school.example/health"), 200, "OK", ProbeSpec.DEFAULT_TIMEOUT),
                new ProbeSpec.Sql("sis-db", "select count(*) > 0 from students", "t", ProbeSpec.DEFAULT_TIMEOUT),
                new ProbeSpec.Command(List.of("/usr/local/bin/check-sis"), 0, Duration.ofSeconds(3)));
        assertThat(sis.restart().where()).isEqualTo("ssh://admin@10.0.0.5:22");
        assertThat(sis.restart().viaPassword()).contains("hunter2");
        assertThat(sis.restart().toString()).doesNotContain("hunter2");
        assertThat(p.channels(Audience.IT)).containsExactly("it-email");
        assertThat(p.channels(Audience.SCHOOL)).isEmpty();
        assertThat(p.policy().monitorFor()).isEqualTo(Duration.ofHours(24));
        assertThat(p.policy().probeEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.policy().lastReviewed()).isEqualTo(LocalDate.of(2024, 10, 1));
    }

    @Test
    void nothingConfigured_givesNone() {
        assertThat(load("other: 1\n")).isEqualTo(CrashPolicyConfig.NONE);
        assertThat(CrashPolicyConfig.NONE.policy().monitorFor()).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void mistakes_areEachNamedWithTheirPathAndLine() {
        load("""
                systems:
                  - name: sis
                    sources: [sis-db, nope]
                    probes:
                      - {type: ping, host: x}
                      - {type: tcp, host: x}
                      - {type: sql, source: staff-share, query: "select 1", expect: "1"}
                      - {type: tcp, host: x, port: 1, url: "http://x"}
                    restart: {viaUser: admin, command: reboot}
                  - name: sis
                audiences:
                  it: [nowhere]
                  parents: [it-email]
                policy:
                  monitorFor: 0s
                  lastReviewed: last year
                """);
        assertThat(section.reported()).extracting(t -> t.toList().get(0), t -> t.toList().get(2)).contains(
                tuple("systems[0].sources", "'nope' is not a configured source"),
                tuple("systems[0].probes[0].type", "unknown probe type 'ping' (known: tcp, http, sql, command)"),
                tuple("systems[0].probes[1].port", "a tcp probe needs a port (1-65535)"),
                tuple("systems[0].probes[2].source",
                        "'staff-share' is not a configured database source (postgres or mariadb)"),
                tuple("systems[0].probes[3].url", "not a key of this probe type (allowed: type, timeout, host, port)"),
                tuple("systems[0].restart.viaUser", "viaUser needs viaHost"),
                tuple("systems[1].name", "duplicate system name 'sis'"),
                tuple("audiences.it", "channel 'nowhere' is not defined under notifications.channels"),
                tuple("policy.monitorFor", "must be longer than zero"),
                tuple("policy.lastReviewed", "'last year' is not a date (YYYY-MM-DD)"));
        assertThat(section.reported()).extracting(t -> t.toList().get(0)).contains("audiences.parents");
    }
}
