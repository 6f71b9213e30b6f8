package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated {@code lifeboat.yaml}: every path absolute, every secret reference resolved.
 *
 * @param requireTrial {@code recovery.requireTrial}: a backup counts as good only once a trial restore of it (or of a
 *     later backup of its chain) passed; plans and their sources may say otherwise
 * @param crashPolicy {@code systems}, {@code audiences} and {@code policy}: the incident workflow's configuration
 * @param web where the web pages are served ({@link WebConfig#DEFAULT} when the file has no {@code web})
 * @param breakGlass {@code breakGlass}: where the identity is kept and who to call, for the break-glass sheet
 */
public record LifeboatConfig(
        Path file,
        Path dataDir,
        String catalogUrl,
        Path schedulesDir,
        Path restoreTestsDir,
        List<TargetConfig> storage,
        List<SourceConfig> sources,
        SchedulerConfig scheduler,
        Map<String, RecoveryPlanConfig> recoveryPlans,
        NotificationsConfig notifications,
        boolean requireTrial,
        CrashPolicyConfig crashPolicy,
        WebConfig web,
        BreakGlassConfig breakGlass) {
    public LifeboatConfig {
        requireNonNull(file, "file is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(catalogUrl, "catalogUrl is null");
        storage = List.copyOf(storage);
        sources = List.copyOf(sources);
        recoveryPlans = Map.copyOf(recoveryPlans);
        requireNonNull(notifications, "notifications is null");
        requireNonNull(crashPolicy, "crashPolicy is null");
        web = web == null ? WebConfig.DEFAULT : web;
        breakGlass = breakGlass == null ? BreakGlassConfig.NONE : breakGlass;
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<TargetConfig> target(String name) {
        return storage.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * How a source's copies on a storage target are encrypted: the source's {@code encryption} (every copy), else
     * the target's (the copies there only), else null. Loading refuses both set to different recipients.
     */
    public EncryptionSpec encryption(String source, String target) {
        EncryptionSpec onSource = source(source).map(SourceConfig::encryption).orElse(null);
        return onSource != null ? onSource : target(target).map(TargetConfig::encryption).orElse(null);
    }

    /**
     * The age identity that reads a source's copy on a storage target back, or null: the source's, else the
     * target's. A backup of a source or target no longer configured still finds the key the other one gives.
     */
    public String identity(String source, String target) {
        String onSource = source(source).map(SourceConfig::encryption).map(EncryptionSpec::identity).orElse(null);
        return onSource != null ? onSource
                : target(target).map(TargetConfig::encryption).map(EncryptionSpec::identity).orElse(null);
    }

    /**
     * The daemon's limits.
     *
     * @param retries how often a job that failed for a transient reason (network, timeout) is tried again
     * @param retryBackoff the wait before the first retry; doubled for each further one
     * @param shutdownGrace how long running jobs may go on after SIGTERM before the daemon exits anyway
     * @param perTargetJobs how many jobs of one daemon may use one storage target at once
     */
    public record SchedulerConfig(int maxConcurrentJobs, boolean cluster, int retries, Duration retryBackoff,
            Duration shutdownGrace, int perTargetJobs) {
        public static final SchedulerConfig DEFAULT = new SchedulerConfig(2, false, 2, Duration.ofSeconds(30),
                Duration.ofMinutes(5), 2);

        public SchedulerConfig {
            requireNonNull(retryBackoff, "retryBackoff is null");
            requireNonNull(shutdownGrace, "shutdownGrace is null");
        }
    }

    /**
     * A recovery plan: groups restored in priority order, sources within a group in parallel up to
     * {@code parallelism}, each source after the sources it names in {@code after}.
     */
    public record RecoveryPlanConfig(String name, int parallelism, List<RecoveryGroup> groups, Boolean requireTrial) {
        public RecoveryPlanConfig {
            groups = List.copyOf(groups);
        }

        public RecoveryPlanConfig(String name, int parallelism, List<RecoveryGroup> groups) {
            this(name, parallelism, groups, null);
        }

        /**
         * Whether a backup of {@code source} needs a passed trial restore to be taken by this plan: the source's own
         * setting, else the plan's, else {@code fallback} (the global {@code recovery.requireTrial}).
         */
        public boolean requireTrial(String source, boolean fallback) {
            for (RecoveryGroup g : groups) {
                for (RecoverySource s : g.sources()) {
                    if (s.name().equals(source) && s.requireTrial() != null) {
                        return s.requireTrial();
                    }
                }
            }
            return requireTrial != null ? requireTrial : fallback;
        }

        /** The groups in the order they run: lowest priority number first, then as written. */
        public List<RecoveryGroup> ordered() {
            return groups.stream().sorted(Comparator.comparingInt(RecoveryGroup::priority)).toList();
        }
    }

    /** @param after sources every source of this group waits for */
    public record RecoveryGroup(int priority, List<RecoverySource> sources, List<String> after) {
        public RecoveryGroup {
            sources = List.copyOf(sources);
            after = List.copyOf(after);
        }

        public List<String> names() {
            return sources.stream().map(RecoverySource::name).toList();
        }
    }

    /**
     * One source of a plan and where it is restored to: {@code to} for a share (null: its configured path),
     * {@code toDb/toHost/toPort/toUser} for a database (null: the backed-up database on the source's server).
     *
     * @param delete for a share: once restored, remove what its target holds and the backup lacks
     * @param requireTrial this source's own {@code requireTrial}, or null to follow the plan's
     */
    public record RecoverySource(String name, List<String> after, Path to, String toDb, String toHost, String toPort,
            String toUser, boolean delete, Boolean requireTrial) {
        public RecoverySource {
            requireNonNull(name, "name is null");
            after = List.copyOf(after);
        }

        public RecoverySource(String name, List<String> after, Path to, String toDb, String toHost, String toPort,
                String toUser) {
            this(name, after, to, toDb, toHost, toPort, toUser, false, null);
        }

        public static RecoverySource of(String name) {
            return new RecoverySource(name, List.of(), null, null, null, null, null);
        }
    }
}
