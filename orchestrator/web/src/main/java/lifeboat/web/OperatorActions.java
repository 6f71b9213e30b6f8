package lifeboat.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lifeboat.core.Lifeboat;
import lifeboat.core.backup.Attempt;
import lifeboat.core.backup.BackupRun;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.model.Level;
import lifeboat.core.model.Progress;
import lifeboat.core.model.VerifyMode;
import lifeboat.core.trial.TrialResult;
import lifeboat.core.verify.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator starts from the pages: a backup now, a full verification of the newest good backup, a trial
 * restore. Each runs in the background through the same services the CLI and the daemon's jobs use (which record
 * it in the catalog and alert as usual); one at a time per source, so a second click does not queue another.
 */
final class OperatorActions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorActions.class);

    /** The actions offered, with the words the pages use. */
    enum Kind {
        BACKUP("back up now"),
        VERIFY("verify"),
        TRIAL("trial-restore");

        final String words;

        Kind(String words) {
            this.words = words;
        }

        static Kind of(String path) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(path)) {
                    return k;
                }
            }
            throw new NotFound("no action '" + path + "' (backup, verify, trial)");
        }
    }

    private final Lifeboat lifeboat;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lifeboat-web-action");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Kind> running = new ConcurrentHashMap<>();

    OperatorActions(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    /** Starts an action on a source; false when one is still running on it. */
    boolean start(Kind kind, String source, String user) {
        if (running.putIfAbsent(source, kind) != null) {
            return false;
        }
        pool.execute(() -> {
            try {
                String outcome = run(kind, source);
                LOG.info("{} of {} started on the web by {}: {}", kind.words, source, user, outcome);
                lifeboat.users().record(user, "-", kind.name().toLowerCase() + "-done", true, source + ": " + outcome);
            } catch (Exception e) {
                LOG.warn("{} of {} started on the web by {} failed: {}", kind.words, source, user, e.toString());
                try {
                    lifeboat.users().record(user, "-", kind.name().toLowerCase() + "-done", false, source + ": "
                            + e.getMessage());
                } catch (Exception recordFailed) {
                    LOG.warn("cannot record the outcome: {}", recordFailed.toString());
                }
            } finally {
                running.remove(source);
            }
        });
        return true;
    }

    /** The action running on a source now, or null. */
    Kind running(String source) {
        return running.get(source);
    }

    private String run(Kind kind, String source) throws Exception {
        switch (kind) {
            case BACKUP: {
                BackupRun run = lifeboat.backups().run(source, Level.INCREMENTAL, false, Progress.NONE, Attempt.BY_HAND);
                return "backup " + run.backup().id() + " " + run.backup().status();
            }
            case VERIFY: {
                BackupRecord b = lifeboat.inventory().latestUsable(source).orElse(null);
                if (b == null) {
                    return "no complete backup to verify";
                }
                boolean ok = lifeboat.verifier().verify(b, VerifyMode.FULL, 5, null, Progress.NONE).stream()
                        .allMatch(VerifyResult::ok);
                return "verify of " + b.id() + (ok ? " ok" : " found problems");
            }
            default: {
                TrialResult r = lifeboat.trials().trial(source, null, Progress.NONE);
                return "trial restore of " + r.backup() + (r.passed() ? " passed" : " failed");
            }
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
