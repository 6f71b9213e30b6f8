package lifeboat.web;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import lifeboat.core.Lifeboat;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.JobRunRecord;
import lifeboat.core.catalog.TrialRecord;
import lifeboat.core.catalog.VerificationRecord;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.model.NotificationState;

/**
 * {@code /metrics} in the Prometheus text format (Prometheus Java client 1.x): per source the last good backup's
 * time, the last backup's duration, bytes and status, the RPO and whether it is met, the grade, the last
 * verification's and trial restore's result and time, the coverage; counters of backups, verifications, trial
 * restores and job runs by outcome; the outbox's pending messages; open problems and incidents. Read from the
 * catalog at each scrape, so any number of processes reading one catalog report the same.
 */
final class Metrics {
    private final Lifeboat lifeboat;
    private final Board board;

    Metrics(Lifeboat lifeboat, Board board) {
        this.lifeboat = lifeboat;
        this.board = board;
    }

    void scrape(Context ctx) throws Exception {
        Instant now = Instant.now();
        Inventory inv = lifeboat.inventory();
        List<SourceState> states = board.states(now);
        List<BackupRecord> backups = inv.backups(null);
        List<VerificationRecord> verifications = inv.verificationsOf(null);
        List<TrialRecord> trials = inv.trials(null);
        List<JobRunRecord> runs = inv.runs(null);
        long pending = inv.notifications(now.minus(Duration.ofDays(30))).stream()
                .filter(n -> n.state() == NotificationState.PENDING || n.state() == NotificationState.SENDING).count();
        PrometheusRegistry r = new PrometheusRegistry();

        perSource(r, "lifeboat_source_last_success_timestamp_seconds", "Start time of the newest complete or partial"
                + " backup", states, s -> s.lastSuccess() == null ? null : seconds(s.lastSuccess().startedAt()));
        perSource(r, "lifeboat_source_last_backup_duration_seconds", "How long the newest finished backup took",
                states, s -> s.lastBackup() == null || s.lastBackup().finishedAt() == null ? null
                        : Duration.between(s.lastBackup().startedAt(), s.lastBackup().finishedAt()).toMillis() / 1000.0);
        perSource(r, "lifeboat_source_last_backup_bytes", "Bytes read from the source by the newest finished backup",
                states, s -> s.lastBackup() == null ? null : (double) s.lastBackup().bytes());
        perSource(r, "lifeboat_source_last_backup_stored_bytes", "Bytes stored by the newest finished backup",
                states, s -> s.lastBackup() == null ? null : (double) s.lastBackup().storedBytes());
        GaugeWithCallback.builder().name("lifeboat_source_last_backup_status")
                .help("1 for the status of the newest finished backup (complete, partial, failed)")
                .labelNames("source", "status").callback(cb -> states.forEach(s -> {
                    if (s.lastBackup() != null) {
                        cb.call(1, s.name(), s.lastBackup().status().label());
                    }
                })).register(r);
        perSource(r, "lifeboat_source_rpo_seconds", "The source's recovery point objective", states,
                s -> s.rpo() == null ? null : (double) s.rpo().toSeconds());
        perSource(r, "lifeboat_source_rpo_met", "1 when the newest good backup is younger than the RPO", states,
                s -> s.rpoMet() ? 1.0 : 0.0);
        perSource(r, "lifeboat_source_grade", "Grade of the newest good backup: 0 none, 1 complete, 2 verified,"
                + " 3 restorable", states, s -> (double) s.grade().ordinal());
        perSource(r, "lifeboat_source_last_verification_timestamp_seconds", "When the newest verification finished",
                states, s -> s.lastVerification() == null ? null : seconds(s.lastVerification().finishedAt()));
        perSource(r, "lifeboat_source_last_verification_ok", "1 when the newest verification found nothing wrong",
                states, s -> s.lastVerification() == null ? null : s.lastVerification().ok() ? 1.0 : 0.0);
        perSource(r, "lifeboat_source_last_trial_restore_timestamp_seconds", "When the newest trial restore started",
                states, s -> s.lastTrial() == null ? null : seconds(s.lastTrial().startedAt()));
        perSource(r, "lifeboat_source_last_trial_restore_ok", "1 when the newest trial restore passed", states,
                s -> s.lastTrial() == null ? null : s.lastTrial().passed() ? 1.0 : 0.0);
        perSource(r, "lifeboat_source_coverage_ratio", "Share of stored bytes re-read in the last 30 days", states,
                SourceState::coverage);
        perSource(r, "lifeboat_source_state", "The dashboard's light: 0 green, 1 amber, 2 red", states,
                s -> (double) s.light().ordinal());

        counter(r, "lifeboat_backups_total", "Backups by outcome", "outcome",
                count(backups, b -> b.status().label()));
        counter(r, "lifeboat_verifications_total", "Verifications by outcome", "outcome",
                count(verifications, v -> v.status() == null ? "running" : v.status().label()));
        counter(r, "lifeboat_trial_restores_total", "Trial restores by outcome", "outcome",
                count(trials, t -> t.status().label()));
        counter(r, "lifeboat_job_runs_total", "Scheduled job runs by status", "status",
                count(runs, j -> j.status().label()));
        counter(r, "lifeboat_failures_total", "Failed backups, verifications and trial restores", "kind",
                Map.of("backup", backups.stream().filter(b -> b.status().label().equals("failed")).count(),
                        "verification", verifications.stream().filter(v -> v.status() != null && !v.ok()).count(),
                        "trial-restore", trials.stream().filter(t -> t.status().label().equals("failed")).count()));
        gauge(r, "lifeboat_outbox_pending", "Messages waiting in the outbox to be delivered", pending);
        gauge(r, "lifeboat_open_problems", "Problems still going on (open alerts)", inv.openAlerts().size());
        gauge(r, "lifeboat_open_incidents", "Incidents not yet resolved", lifeboat.incidents().list(true).stream()
                .filter(i -> !i.drill()).count());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, r.scrape());
        ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        ctx.result(out.toByteArray());
    }

    private static Double seconds(Instant t) {
        return t == null ? null : t.toEpochMilli() / 1000.0;
    }

    private static void perSource(PrometheusRegistry r, String name, String help, List<SourceState> states,
            Function<SourceState, Double> value) {
        Consumer<GaugeWithCallback.Callback> cb = c -> states.forEach(s -> {
            Double v = value.apply(s);
            if (v != null) {
                c.call(v, s.name());
            }
        });
        GaugeWithCallback.builder().name(name).help(help).labelNames("source").callback(cb).register(r);
    }

    private static void gauge(PrometheusRegistry r, String name, String help, long value) {
        GaugeWithCallback.builder().name(name).help(help).callback(c -> c.call(value)).register(r);
    }

    private static void counter(PrometheusRegistry r, String name, String help, String label, Map<String, Long> counts) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label)
                .callback(c -> new TreeMap<>(counts).forEach((k, n) -> c.call(n, k))).register(r);
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        Map<String, Long> m = new TreeMap<>();
        items.forEach(i -> m.merge(key.apply(i), 1L, Long::sum));
        return m;
    }
}
