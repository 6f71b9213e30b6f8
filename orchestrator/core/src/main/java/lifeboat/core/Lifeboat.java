package lifeboat.core;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import lifeboat.core.backup.BackupService;
import lifeboat.core.backup.CopyService;
import lifeboat.core.backup.Janitor;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.backup.SourceLocks;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.JobRunStore;
import lifeboat.core.catalog.RecoveryStore;
import lifeboat.core.catalog.RestoreStore;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.RestoreTestSpec;
import lifeboat.core.config.RestoreTestsLoader;
import lifeboat.core.events.Events;
import lifeboat.core.inventory.Finder;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.notify.Alerts;
import lifeboat.core.notify.Digest;
import lifeboat.core.notify.Dispatcher;
import lifeboat.core.notify.HealthCheck;
import lifeboat.core.notify.Watch;
import lifeboat.core.plugins.Channels;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.recover.RecoveryService;
import lifeboat.core.restore.DumpRestoreService;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.trial.BackupGrader;
import lifeboat.core.trial.RestoreChecks;
import lifeboat.core.trial.TrialRestoreService;
import lifeboat.core.verify.Verifier;
import lifeboat.spi.PluginContext;

/**
 * An opened Lifeboat installation: where each service is built with exactly the parts it uses (its stores, the
 * storage targets, the sources, the events port). The CLI and the daemon ask it for services; no service sees it.
 * Storage targets and channels are opened once and shared; sources are opened per job. Closing it flushes the
 * messages under way, then closes channels, targets and the catalog.
 */
public final class Lifeboat implements AutoCloseable {
    private final LifeboatConfig config;
    private final Database database;
    private final Sources sources;
    private final Targets targets;
    private final Channels channels;
    private final BackupStore backupStore;
    private final VerificationStore verificationStore;
    private final RestoreStore restoreStore;
    private final TrialStore trialStore;
    private final RecoveryStore recoveryStore;
    private final JobRunStore jobRunStore;
    private final EventStore eventStore;
    private final Clock clock = Clock.systemUTC();
    private final Alerts alerts;
    private final SourceLocks sourceLocks;
    private Map<String, RestoreTestSpec> restoreTests;

    private Lifeboat(LifeboatConfig config, PluginRegistry plugins, Database database) {
        this.config = config;
        this.database = database;
        PluginContext context = config::dataDir;
        this.sources = new Sources(config, plugins, context);
        this.targets = new Targets(config, plugins, context);
        this.channels = new Channels(config.notifications(), plugins, context, config.file().toString());
        this.backupStore = new BackupStore(database);
        this.verificationStore = new VerificationStore(database, backupStore);
        this.restoreStore = new RestoreStore(database);
        this.trialStore = new TrialStore(database);
        this.recoveryStore = new RecoveryStore(database);
        this.jobRunStore = new JobRunStore(database);
        this.eventStore = new EventStore(database);
        this.sourceLocks = new SourceLocks(config.dataDir(),
                config.catalogUrl().startsWith("jdbc:postgresql:") ? Database.effectiveUrl(config.catalogUrl()) : null);
        this.alerts = new Alerts(eventStore, config.notifications(),
                new Dispatcher(eventStore, channels::get, ProcessOwner.current(), clock), clock);
    }

    public static Lifeboat open(LifeboatConfig config, PluginRegistry plugins) throws IOException, SQLException {
        Files.createDirectories(config.dataDir());
        return new Lifeboat(config, plugins, openCatalog(config, true));
    }

    /**
     * For a command that only reads the catalog ({@code list}, {@code latest-good}, a dry run): the same, but an H2
     * catalog file is not compacted when it closes, which on a large catalog took longer than the command itself.
     */
    public static Lifeboat openForReading(LifeboatConfig config, PluginRegistry plugins) throws IOException, SQLException {
        Files.createDirectories(config.dataDir());
        return new Lifeboat(config, plugins, openCatalog(config, false));
    }

    /** Opens the catalog and closes it again, so that check-config finds an unreachable one before a job does. */
    public static void checkCatalog(LifeboatConfig config) throws IOException, SQLException {
        Files.createDirectories(config.dataDir());
        openCatalog(config, true).close();
    }

    /** A driver's message ("Connection to 127.0.0.1:5433 refused") does not say that the catalog is meant. */
    private static Database openCatalog(LifeboatConfig config, boolean compact) throws SQLException {
        try {
            return Database.open(config.catalogUrl(), compact);
        } catch (SQLException e) {
            throw new SQLException("cannot open the catalog " + Database.masked(config.catalogUrl()) + ": "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    public LifeboatConfig config() {
        return config;
    }

    /** The catalog in use, for messages; credentials masked. */
    public String catalogDescription() {
        return database.describe();
    }

    public Sources sources() {
        return sources;
    }

    public Targets targets() {
        return targets;
    }

    public Channels channels() {
        return channels;
    }

    /** Where events are raised; messages go out through the catalog's outbox. */
    public Alerts alerts() {
        return alerts;
    }

    public Events events() {
        return alerts;
    }

    /** Events raised at {@code now}'s time, with a dispatcher of their own; the caller closes it. */
    public Alerts alerts(Clock now) {
        return new Alerts(eventStore, config.notifications(),
                new Dispatcher(eventStore, channels::get, ProcessOwner.current(), now), now);
    }

    /** The restore tests of every source, loaded once; a mistake in them is a configuration error. */
    public synchronized Map<String, RestoreTestSpec> restoreTests() throws ConfigException {
        if (restoreTests == null) {
            restoreTests = RestoreTestsLoader.load(config);
        }
        return restoreTests;
    }

    public Verifier verifier() {
        return new Verifier(sources, targets, backupStore, verificationStore, alerts);
    }

    public BackupService backups() {
        return new BackupService(sources, targets, backupStore, config.dataDir(), alerts, verifier(), clock,
                sourceLocks);
    }

    public CopyService copies() {
        return new CopyService(sources, targets, backupStore, verificationStore, alerts);
    }

    public Janitor janitor() {
        return new Janitor(sources, targets, backupStore);
    }

    public RestoreService restorer() {
        return new RestoreService(sources, targets, backupStore, verificationStore, restoreStore);
    }

    public DumpRestoreService dumpRestorer() {
        return new DumpRestoreService(sources, targets, backupStore, verificationStore, restoreStore);
    }

    public TrialRestoreService trials() throws ConfigException {
        return new TrialRestoreService(sources, backupStore, trialStore, restorer(), dumpRestorer(), alerts,
                config.dataDir().resolve("trial"), restoreChecks());
    }

    /** Every source's restore tests, to run against what was restored. */
    public RestoreChecks restoreChecks() throws ConfigException {
        return new RestoreChecks(sources, targets, backupStore, restoreTests());
    }

    public BackupGrader grader() {
        return new BackupGrader(backupStore, verificationStore, trialStore, config.requireTrial());
    }

    public RecoveryService recoveries() throws ConfigException {
        return new RecoveryService(config.recoveryPlans(), sources, backupStore, trialStore, recoveryStore, grader(),
                restorer(), dumpRestorer(), restoreChecks());
    }

    public Inventory inventory() {
        return new Inventory(sources, targets, backupStore, verificationStore, trialStore, jobRunStore, restoreStore, recoveryStore,
                eventStore, grader(), source -> config.requireTrial());
    }

    public Finder finder() {
        return new Finder(inventory());
    }

    public HealthCheck health() {
        return health(clock);
    }

    /** The health checks as seen at {@code now}'s time. */
    public HealthCheck health(Clock now) {
        return new HealthCheck(sources, targets, backupStore, config.notifications(), alerts, now);
    }

    public Digest digest() {
        return new Digest(sources, backupStore, jobRunStore, verificationStore, trialStore, eventStore, health(),
                config.notifications(), clock);
    }

    /** Starts the daemon's notification rounds: retries, health checks and the daily report. */
    public Watch watch(String node) throws ParseException {
        return Watch.start(alerts, eventStore, digest(), health(), config.notifications(), node, clock);
    }

    /** One run per source at a time, across processes: what the daemon's jobs and backups by hand share. */
    public SourceLocks sourceLocks() {
        return sourceLocks;
    }

    /** The daemon's record of its job runs. */
    public JobRunStore jobRuns() {
        return jobRunStore;
    }

    @Override
    public void close() throws IOException, SQLException {
        alerts.close(); // before the catalog: messages under way still record how they went
        IOException first = null;
        try {
            channels.close();
        } catch (IOException e) {
            first = e;
        }
        try {
            targets.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        database.close();
        if (first != null) {
            throw first;
        }
    }
}
