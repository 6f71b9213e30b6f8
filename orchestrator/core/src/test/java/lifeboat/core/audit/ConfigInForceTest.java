package lifeboat.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration as the audit log keeps it: secrets masked, changes line by line. */
class ConfigInForceTest {
    @Test
    void passwordsSecretsTokensAndKeys_areMasked_theRestKept() {
        String masked = ConfigInForce.mask("""
                catalog:
                  url: jdbc:postgresql://db/lifeboat?user=lb&password=sekret&ssl=true
                storage:
                  - name: offsite
                    secretKey: abc123
                    accessKey: AKIA
                    password: ${env:PW}
                    token: t0k3n
                sources:
                  - name: share""");
        assertThat(masked).doesNotContain("sekret", "abc123", "AKIA", "t0k3n", "${env:PW}")
                .contains("password=***&ssl=true", "secretKey: ***", "password: ***", "token: ***", "- name: share",
                        "storage:");
    }

    @Test
    void theDiff_namesTheLinesGoneAndNew_perFile() {
        assertThat(ConfigInForce.diff(Map.of("lifeboat.yaml", "a: 1\nb: 2"), Map.of("lifeboat.yaml", "a: 1\nb: 3",
                "schedules/n.yaml", "jobs: []"))).containsExactlyInAnyOrder("- lifeboat.yaml: b: 2",
                        "+ lifeboat.yaml: b: 3", "+ schedules/n.yaml: jobs: []");
    }
}
