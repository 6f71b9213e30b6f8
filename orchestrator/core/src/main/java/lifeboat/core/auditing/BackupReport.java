package lifeboat.core.auditing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What auditors file: per source and day, whether a backup ran and how it went, whether it was verified and
 * trial-restored, copied offsite, encrypted, and whether the recovery point objective was met; the period's coverage;
 * every exception with what was done about it; and the audit chain's signed checkpoint, to check the report against
 * the log later.
 */
public record BackupReport(LocalDate from, LocalDate to, String zone, Instant generatedAt, List<Day> days,
        Coverage coverage, List<ExceptionNote> exceptions, Checkpoint checkpoint) {

    /**
     * One source on one day; the backup is the day's last (earlier ones of the day show in {@code runs}).
     *
     * @param outcome the backup's status, or {@code none} when no backup ran
     * @param verified the newest verification of that backup: {@code ok}, {@code failed}, or null when never verified
     * @param trial the newest trial restore of that backup: passed, failed, or null when never tried
     * @param trialChecks checks passed of checks run, as {@code 3/3}
     * @param rpoMet whether the newest usable backup at the day's end was within the source's RPO; null without one
     */
    public record Day(LocalDate date, String source, boolean ran, int runs, String backup, String outcome,
            String level, long storedBytes, String verified, String verifyMode, Instant verifiedAt, String trial,
            String trialChecks, boolean copiedOffsite, boolean encrypted, Boolean rpoMet) {
    }

    /** How much of the period's backups were verified and trial-restored. */
    public record Coverage(int backups, int usable, int verified, int trialRestored, int days, int daysWithBackup) {
        public double verifiedPercent() {
            return usable == 0 ? 0 : Math.round(1000.0 * verified / usable) / 10.0;
        }
    }

    /**
     * Something that went wrong, and what was done about it.
     *
     * @param resolution what happened afterwards ({@code backup ... complete at ...}), or {@code nothing yet}
     */
    public record ExceptionNote(LocalDate date, String source, String kind, String what, String resolution) {
    }

    /** The audit chain's newest checkpoint when the report was made: sequence, hash, signature, key. */
    public record Checkpoint(Long seq, String hash, String signature, String keyFingerprint, String publicKey) {
    }
}
