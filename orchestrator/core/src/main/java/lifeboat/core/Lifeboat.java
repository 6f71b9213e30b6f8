package lifeboat.core;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import lifeboat.core.audit.Actor;
import lifeboat.core.audit.AuditEvent;
import lifeboat.core.audit.AuditLog;
import lifeboat.core.audit.ConfigInForce;
import lifeboat.core.auditing.AuditRound;
import lifeboat.core.auditing.AuditService;
import lifeboat.core.auditing.BackupReports;
import lifeboat.core.backup.BackupService;
import lifeboat.core.breakglass.BreakGlassSheet;
import lifeboat.core.backup.CopyService;
import lifeboat.core.backup.Janitor;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.AuditStore;
import lifeboat.core.catalog.BackupStore;
import lifeboat.core.catalog.Database;
import lifeboat.core.catalog.EventStore;
import lifeboat.core.catalog.IncidentActionStore;
import lifeboat.core.catalog.IncidentReportStore;
import lifeboat.core.catalog.IncidentStore;
import lifeboat.core.catalog.JobRunStore;
import lifeboat.core.catalog.MonitorStore;
import lifeboat.core.catalog.PolicyReviewStore;
import lifeboat.core.catalog.PruneStore;
import lifeboat.core.catalog.RecoveryStore;
import lifeboat.core.catalog.RestoreStore;
import lifeboat.core.catalog.TrialStore;
import lifeboat.core.catalog.UserStore;
import lifeboat.core.catalog.VerificationStore;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.RestoreTestSpec;
import lifeboat.core.config.RestoreTestsLoader;
import lifeboat.core.events.Events;
import lifeboat.core.incident.IncidentService;
import lifeboat.core.incident.PolicyReviews;
import lifeboat.core.incident.ResolveGuard;
import lifeboat.core.inventory.Finder;
import lifeboat.core.inventory.Inventory;
import lifeboat.core.monitor.IncidentLog;
import lifeboat.core.monitor.MonitorRounds;
import lifeboat.core.monitor.Monitoring;
import lifeboat.core.monitor.Probes;
import lifeboat.core.monitor.RestartShell;
import lifeboat.core.monitor.Restarts;
import lifeboat.core.notify.Alerts;
import lifeboat.core.notify.Digest;
import lifeboat.core.notify.Dispatcher;
import lifeboat.core.notify.HealthCheck;
import lifeboat.core.notify.Watch;
import lifeboat.core.plugins.Channels;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.plugins.Sources;
import lifeboat.core.plugins.Targets;
import lifeboat.core.proof.ProofRecorder;
import lifeboat.core.prune.PruneService;
import lifeboat.core.rebuild.CatalogRebuild;
import lifeboat.core.recover.RecoveryService;
import lifeboat.core.repo.SourceLocks;
import lifeboat.core.restore.DumpRestoreService;
import lifeboat.core.restore.RestoreService;
import lifeboat.core.trial.BackupGrader;
import lifeboat.core.trial.RestoreChecks;
import lifeboat.core.trial.TrialRestoreService;
import lifeboat.core.users.Users;
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
    private final PruneStore pruneStore;
    private final MonitorStore monitorStore;
    private final Probes probes;
    private final IncidentActionStore incidentActionStore;
    private final IncidentStore incidentStore;
    private final IncidentReportStore incidentReportStore;
    private final PolicyReviewStore policyReviewStore;
    private final UserStore userStore;
    private final AuditStore auditStore;
    private final AuditLog auditLog;
    private volatile Actor actor = Actor.command("lifeboat");
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
        this.pruneStore = new PruneStore(database);
        this.monitorStore = new MonitorStore(database);
        this.probes = new Probes(sources);
        this.incidentActionStore = new IncidentActionStore(database);
        this.incidentStore = new IncidentStore(database, incidentActionStore);
        this.incidentReportStore = new IncidentReportStore(database);
        this.policyReviewStore = new PolicyReviewStore(database);
        this.userStore = new UserStore(database);
        this.auditStore = new AuditStore(database);
        this.auditLog = AuditLog.inCatalog(auditStore, clock);
        this.sourceLocks = new SourceLocks(config.dataDir(),
                config.catalogUrl().startsWith("jdbc:postgresql:") ? Database.effectiveUrl(config.catalogUrl()) : null);
        this.alerts = new Alerts(eventStore, config.notifications(),
                new Dispatcher(eventStore, channels::get, ProcessOwner.current(), clock, this::audit), clock);
    }

    public static Lifeboat open(LifeboatConfig config, PluginRegistry plugins) throws IOException, SQLException {
        Files.createDirectories(config.dataDir());
        return new Lifeboat(config, plugins, openCatalog(config));
    }

    /** Opens the catalog and closes it again, so that check-config finds an unreachable one before a job does. */
    public static void checkCatalog(LifeboatConfig config) throws IOException, SQLException {
        Files.createDirectories(config.dataDir());
        openCatalog(config).close();
    }

    /** A driver's message ("Connection to 127.0.0.1:5433 refused") does not say that the catalog is meant. */
    private static Database openCatalog(LifeboatConfig config) throws SQLException {
        try {
            return Database.open(config.catalogUrl());
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
                new Dispatcher(eventStore, channels::get, ProcessOwner.current(), now, this::audit), now);
    }

    /** The restore tests of every source, loaded once; a mistake in them is a configuration error. */
    public synchronized Map<String, RestoreTestSpec> restoreTests() throws ConfigException {
        if (restoreTests == null) {
            restoreTests = RestoreTestsLoader.load(config);
        }
        return restoreTests;
    }

    public Verifier verifier() {
        return new Verifier(sources, targets, backupStore, verificationStore, alerts, sourceLocks, proofs(),
                this::audit);
    }

    /** Keeps each verification and trial-restore result beside the backups, so that a rebuilt catalog has it. */
    public ProofRecorder proofs() {
        return new ProofRecorder(targets, backupStore);
    }

    /** Reads a storage target's repository back into the catalog ({@code catalog rebuild}). */
    public CatalogRebuild rebuilder() {
        return new CatalogRebuild(targets, backupStore, verificationStore, trialStore, verifier());
    }

    /** The break-glass sheet: written by {@code lifeboat break-glass}, put nightly onto every target by the daemon. */
    public BreakGlassSheet breakGlass() {
        return new BreakGlassSheet(config, targets, backupStore, grader(), clock);
    }

    public BackupService backups() {
        return new BackupService(sources, targets, backupStore, config.dataDir(), alerts, verifier(), clock,
                sourceLocks, this::audit);
    }

    public CopyService copies() {
        return new CopyService(sources, targets, backupStore, verificationStore, alerts, sourceLocks, pruneStore,
                this::audit);
    }

    /** Retention: what {@code lifeboat prune} and the daemon's prune action both run. */
    public PruneService pruner() {
        return new PruneService(sources, targets, backupStore, pruneStore, grader(), trialStore, restoreStore,
                sourceLocks, clock, this::audit);
    }

    public Janitor janitor() {
        return new Janitor(sources, targets, backupStore);
    }

    public RestoreService restorer() {
        return new RestoreService(sources, targets, backupStore, verificationStore, restoreStore, sourceLocks,
                this::audit);
    }

    public DumpRestoreService dumpRestorer() {
        return new DumpRestoreService(sources, targets, backupStore, verificationStore, restoreStore,
                sourceLocks, this::audit);
    }

    public TrialRestoreService trials() throws ConfigException {
        return new TrialRestoreService(sources, backupStore, trialStore, restorer(), dumpRestorer(), alerts,
                config.dataDir().resolve("trial"), restoreChecks(), sourceLocks, proofs(), this::audit);
    }

    /** Every source's restore tests, to run against what was restored. */
    public RestoreChecks restoreChecks() throws ConfigException {
        return new RestoreChecks(sources, targets, backupStore, restoreTests());
    }

    public BackupGrader grader() {
        return new BackupGrader(backupStore, trialStore, config.requireTrial());
    }

    public RecoveryService recoveries() throws ConfigException {
        return new RecoveryService(config.recoveryPlans(), sources, backupStore, trialStore, recoveryStore, grader(),
                restorer(), dumpRestorer(), restoreChecks(), this::audit);
    }

    /** The crash policy's incidents: open, update, recover, resolve, report. */
    public IncidentService incidents() throws ConfigException {
        return new IncidentService(config, incidentStore, incidentActionStore, incidentReportStore, monitorStore,
                targets, alerts, recoveries(), resolveGuard(), clock, this::audit);
    }

    /**
     * What stands in the way of resolving an incident: its monitoring window still running, a probe or live restore
     * test failing. Asked when resolving (the window's service is built then: it tells the incident's timeline).
     */
    public ResolveGuard resolveGuard() {
        return incident -> monitoring().resolveBlockers(incident.id());
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
                config.notifications(), clock, auditStore,
                crashPolicyConfigured() ? List.of(policyReviews()) : List.of());
    }

    /** The crash policy's review cycle, its reminders and its part of the digest. */
    public PolicyReviews policyReviews() {
        return new PolicyReviews(config, policyReviewStore, incidentActionStore, incidentStore, alerts, clock);
    }

    /** Whether the configuration has any of systems, audiences or a policy review date. */
    private boolean crashPolicyConfigured() {
        var p = config.crashPolicy();
        return !p.systems().isEmpty() || !p.audiences().isEmpty() || p.policy().lastReviewed() != null;
    }

    /** Starts the daemon's notification rounds: retries, health checks and the daily report. */
    public Watch watch(String node) throws ParseException {
        return Watch.start(alerts, eventStore, digest(), health(), config.notifications(), node, clock,
                () -> auditRound().daily(Actor.daemon(node)));
    }

    /**
     * Who is acting through this installation from now on (the command, the daemon node, a web user): the actor of
     * the audit entries that the services write. Records the configuration in force (see {@link ConfigInForce}).
     */
    public void actingAs(Actor who) {
        this.actor = who;
        ConfigInForce.record(config, auditStore, auditLog, who);
    }

    /** The audit log: {@code lifeboat.auditLog().append(actor, AuditEvent.of(type, source, name, value, ...))}. */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** The audit log's checkpoints, checks and listing. */
    public AuditService auditing() {
        return new AuditService(auditStore, auditLog, targets, config.dataDir(), clock);
    }

    /** The auditors' backup reports, days counted in the notification zone. */
    public BackupReports reports() {
        return reports(clock);
    }

    /** The auditors' backup reports as made at {@code now}'s time. */
    public BackupReports reports(Clock now) {
        return new BackupReports(config, backupStore, verificationStore, trialStore, auditing(),
                config.notifications().zone(), now);
    }

    /** The daemon's daily audit duties: checkpoint, re-check, and the monthly report for auditors. */
    public AuditRound auditRound() {
        return new AuditRound(auditing(), reports(), alerts, auditLog, config.notifications().zone(), clock);
    }

    /** Who is acting through this installation now. */
    public Actor actor() {
        return actor;
    }

    /** Appends {@code event} to the audit log as the current actor (see {@link #actingAs}); never throws. */
    public void audit(AuditEvent event) {
        auditLog.append(actor, event);
    }

    /** Where restarts and monitoring windows put what they find: the incident's timeline and IT's channels. */
    private IncidentLog incidentLog() throws ConfigException {
        return IncidentLog.of(incidents(), config.crashPolicy());
    }

    /** The monitoring windows of incidents (crash policy section 5) and why an incident cannot be resolved yet. */
    public Monitoring monitoring() throws ConfigException {
        return new Monitoring(config.crashPolicy(), sources, monitorStore, probes, restoreChecks(), incidentLog(),
                clock);
    }

    /**
     * Restarts of systems (crash policy section 3); {@code remote} runs the commands of systems with a
     * {@code viaHost} over SSH.
     */
    public Restarts restarts(RestartShell remote) throws ConfigException {
        return new Restarts(config.crashPolicy(), monitorStore, probes, Restarts.localShell(), remote, incidentLog(),
                clock);
    }

    /** Starts the daemon's monitoring rounds: the running windows' probes and functional tests when due. */
    public MonitorRounds monitorRounds() throws ConfigException {
        return MonitorRounds.start(monitoring(), config.crashPolicy().policy().probeEvery());
    }

    /** One run per source at a time, across processes: what the daemon's jobs and backups by hand share. */
    public SourceLocks sourceLocks() {
        return sourceLocks;
    }

    /** The web pages' users, sessions and the record of their logins and actions. */
    public Users users() {
        return new Users(userStore, clock, auditLog);
    }

    /** Whether the catalog answers a query now (the web's readiness check). */
    public boolean catalogReachable() {
        return database.reachable();
    }

    /** The daemon's record of its job runs. */
    public JobRunStore jobRuns() {
        return jobRunStore;
    }

    @Override
    public void close() throws IOException, SQLException {
        alerts.close(); // before the catalog: messages under way still record how they went
        probes.close();
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
