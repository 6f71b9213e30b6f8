package lifeboat.core.daemon;

/**
 * Why a fire of a job started late or not at all; each has its own advice, since the remedy differs (a daemon that
 * was down needs starting, a busy one more workers or other fire times).
 */
enum LateCause {
    /** The fire time passed while no daemon ran. */
    DAEMON_DOWN("make sure the daemon runs all the time (systemctl enable --now lifeboat; systemctl status lifeboat);"
            + " lifeboat jobs --since 48h shows what ran late or not at all"),
    /** The daemon ran, but every worker was busy with other jobs (or this job's previous fire). */
    BUSY("the daemon was running but busy: raise scheduler.maxConcurrentJobs, or move this job's cron away from the"
            + " other jobs' times; lifeboat jobs --since 48h shows what ran at that time"),
    /** A cluster node, or the previous daemon, stopped in the middle of the job. */
    RECOVERED("the daemon that had started it stopped in the middle (see its log: a kill, a crash, out of memory?);"
            + " nothing to do if it was a planned restart"),
    /** The previous fire's run on the source was still running or waiting to retry: this fire was skipped. */
    PREVIOUS_STILL_RUNNING("the previous run was still going on, often retrying a passing failure: see lifeboat jobs"
            + " --since 48h for why, fix that, or space the job's fire times further apart");

    private final String advice;

    LateCause(String advice) {
        this.advice = advice;
    }

    String advice() {
        return advice;
    }
}
