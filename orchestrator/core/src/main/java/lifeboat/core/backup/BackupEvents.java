package lifeboat.core.backup;

import lifeboat.core.events.Alert;
import lifeboat.core.events.Events;
import lifeboat.core.model.EventType;

/**
 * What a backup means for people: a failed or partial one is a problem of its source; a whole one ends the source's
 * backup problems and its staleness.
 */
final class BackupEvents {
    private final Events events;

    BackupEvents(Events events) {
        this.events = events;
    }

    void ended(BackupResult r, Attempt attempt) {
        if (attempt.willRetry(r.cause())) {
            return;
        }
        String context = attempt.context(r.cause());
        String what = "backup " + r.id() + " (" + r.level() + ") of " + r.source()
                + (context == null ? "" : " [" + context + "]");
        switch (r.status()) {
            case FAILED -> events.raise(Alert.of(EventType.BACKUP_FAILED, r.source(), r.id(), what + " failed: "
                    + r.error(), "read the error above and the log; fix the cause (is the server or share reachable,"
                    + " the password right, the storage target full?), then run lifeboat backup " + r.source()
                    + "; lifeboat jobs --since 48h shows earlier runs"));
            case PARTIAL -> {
                events.raise(Alert.of(EventType.BACKUP_PARTIAL, r.source(), r.id(), what + " is only partial: "
                        + r.problems().size() + " item(s) could not be read" + (r.problems().isEmpty() ? ""
                        : ", e.g. " + r.problems().get(0)), "see lifeboat show " + r.id()
                        + " for every item left out; fix their permissions or locks, then run lifeboat backup "
                        + r.source()));
                events.resolve(EventType.BACKUP_FAILED, r.source(), what + " ran (partial)");
            }
            case COMPLETE -> {
                events.resolve(EventType.BACKUP_FAILED, r.source(), what + " completed");
                events.resolve(EventType.BACKUP_PARTIAL, r.source(), what + " completed");
                events.resolve(EventType.STALE_SOURCE, r.source(), what + " completed");
            }
            case RUNNING -> throw new IllegalStateException("backup " + r.id() + " ended still running");
        }
    }

    /** A backup that could not even start (bad source, unreachable catalog): a failure of its source all the same. */
    void notRun(String source, Exception e, Attempt attempt) {
        if (attempt.willRetry(e)) {
            return;
        }
        String context = attempt.context(e);
        events.raise(Alert.of(EventType.BACKUP_FAILED, source, null, "backup of " + source
                + (context == null ? "" : " [" + context + "]") + " could not run: "
                + (e.getMessage() == null ? e.toString() : e.getMessage()), "fix the cause named here, then run"
                + " lifeboat backup " + source));
    }
}
