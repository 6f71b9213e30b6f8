package lifeboat.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.trial.Grade;

/**
 * One source as the dashboard, the status page and the metrics see it.
 *
 * @param lastBackup the newest backup, whatever its status; null when none
 * @param lastSuccess the newest complete or partial backup; null when none
 * @param rpo the source's RPO, or null when none is configured
 * @param rpoMet whether the newest good backup is younger than the RPO (true when no RPO is set and one exists)
 * @param grade the grade of the newest complete or partial backup
 * @param coverage the share (0..1) of stored bytes re-read in the last 30 days
 * @param reasons why the light is not green, in words for IT
 */
public record SourceState(String name, String type, Light light, BackupRecord lastBackup, BackupRecord lastSuccess,
        Duration rpo, boolean rpoMet, Grade grade, VerificationRecord lastVerification, TrialRecord lastTrial,
        double coverage, List<String> reasons) {
    public SourceState {
        reasons = List.copyOf(reasons);
    }

    public String lastSuccessText() {
        return lastSuccess == null ? "never" : Format.ago(lastSuccess.startedAt(), Instant.now());
    }

    public String rpoText() {
        return rpo == null ? "none set" : Format.duration(rpo);
    }

    public String coverageText() {
        return Math.round(coverage * 100) + "%";
    }

    public String verificationText() {
        return lastVerification == null ? "never" : lastVerification.status() + ", "
                + Format.ago(lastVerification.finishedAt() == null ? lastVerification.startedAt()
                        : lastVerification.finishedAt(), Instant.now());
    }

    public String trialText() {
        return lastTrial == null ? "never" : lastTrial.status() + ", " + Format.ago(lastTrial.startedAt(), Instant.now());
    }
}
