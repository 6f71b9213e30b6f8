package lifeboat.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import lifeboat.core.Lifeboat;
import lifeboat.core.model.IncidentSeverity;
import lifeboat.core.testing.CapturePlugin;
import lifeboat.core.testing.TestInstall;
import lifeboat.spi.Notice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's review cycle in the daily digest and the reminder to leadership, and measures past their date. */
class PolicyReviewsTest {
    @TempDir
    Path dir;

    @Test
    void digest_saysWhenTheReviewIsDue_andListsMeasuresPastTheirDate_leadershipRemindedOnce() throws Exception {
        TestInstall install = TestInstall.files(dir);
        Files.writeString(install.config, """
                notifications:
                  channels:
                    - {name: office, type: capture}
                    - {name: it-desk, type: capture}
                systems:
                  - {name: files, title: Staff file shares, sources: [share]}
                audiences:
                  it: [it-desk]
                  leadership: [office]
                policy:
                  reviewEvery: 365d
                  lastReviewed: 2024-10-01
                """, StandardOpenOption.APPEND);
        CapturePlugin.SENT.clear();
        try (Lifeboat lb = install.open()) {
            long id = lb.incidents().open(new Opening("Share down", List.of("files"), IncidentSeverity.MINOR, null,
                    null, false)).id();
            lb.incidents().addAction(id, "Replace the disks", "Mr Keller", LocalDate.of(2020, 1, 1));
            lb.incidents().addAction(id, "Label the cables", "Ms Roth", LocalDate.now().plusYears(1));

            Notice digest = lb.digest().build(Instant.now().minus(Duration.ofDays(1)), Instant.now());
            assertThat(digest.text()).contains("Crash policy (review every 365 days)", "next review due 2025-10-01"
                    + " (OVERDUE", "1 open incident(s): " + id + " Share down (investigating)",
                    "PAST ITS DATE: preventive measure 1 of incident " + id + " (Share down): Replace the disks,"
                            + " Mr Keller, due 2020-01-01")
                    .doesNotContain("Label the cables");
            assertThat(digest.text()).contains("the crash policy's review is overdue since 2025-10-01");

            assertThat(lb.policyReviews().remind()).isTrue();
            assertThat(lb.policyReviews().remind()).isFalse(); // once per due date and stage
            await().atMost(Duration.ofSeconds(10)).until(() -> CapturePlugin.SENT.stream()
                    .anyMatch(n -> n.type().equals("policy-review-due")));
            Notice reminder = CapturePlugin.SENT.stream().filter(n -> n.type().equals("policy-review-due"))
                    .findFirst().orElseThrow();
            assertThat(reminder.subject()).isEqualTo("The crash policy's review is overdue (2025-10-01)");
            assertThat(reminder.text()).contains("Last review: 2024-10-01", "lifeboat policy review");

            PolicyReviews.Status after = lb.policyReviews().review("Reviewed with the principal");
            assertThat(after.overdue()).isFalse();
            assertThat(after.lastReviewed()).isEqualTo(LocalDate.now(lb.config().notifications().zone()));
            assertThat(lb.policyReviews().remind()).isFalse(); // a year away now
        }
    }
}
