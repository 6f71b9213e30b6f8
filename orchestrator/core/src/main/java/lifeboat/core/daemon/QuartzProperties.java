package lifeboat.core.daemon;

import java.util.Properties;
import lifeboat.core.backup.ProcessOwner;
import lifeboat.core.catalog.Database;
import lifeboat.core.config.LifeboatConfig;

/**
 * Quartz's settings for a Lifeboat daemon: JDBC job store in the catalog database, pooled by HikariCP (Quartz ships
 * no pool and would look for c3p0) on PostgreSQL, a new connection per unit of work on H2, one worker thread per
 * allowed concurrent job.
 */
final class QuartzProperties {
    static final String SCHEDULER_NAME = "lifeboat";

    private QuartzProperties() {
    }

    static Properties of(LifeboatConfig config) {
        boolean postgres = config.catalogUrl().startsWith("jdbc:postgresql:");
        int workers = config.scheduler().maxConcurrentJobs();
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        // host:pid:start millis, unique per cluster node; Quartz's AUTO (host name + millis) can collide when two nodes
        // on one host start in the same millisecond
        p.setProperty("org.quartz.scheduler.instanceId", ProcessOwner.current() + ":"
                + System.currentTimeMillis());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(workers));
        // daemon threads: after the shutdown grace the JVM exits even if a backup is still writing; its catalog
        // row stays 'running' and the Janitor removes what it left at the next run
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        // jobs due at the same second start together, not one scheduler round-trip after another
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(workers));
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "catalog");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.misfireThreshold", System.getProperty("lifeboat.misfireThreshold", "60000"));
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(config.scheduler().cluster()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                System.getProperty("lifeboat.clusterCheckinInterval", "7500"));
        // without it two nodes ran the same fire time in 3 of 6 probes here (FIELD-NOTES); with it, never
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        if (postgres) {
            p.setProperty("org.quartz.dataSource.catalog.provider", "hikaricp");
            p.setProperty("org.quartz.dataSource.catalog.driver", "org.postgresql.Driver");
            p.setProperty("org.quartz.dataSource.catalog.URL", Database.effectiveUrl(config.catalogUrl()));
            p.setProperty("org.quartz.dataSource.catalog.maxConnections", String.valueOf(workers + 3));
        } else {
            // no pool on H2: a pooled connection dies with the process that served the file (see CatalogConnections)
            p.setProperty("org.quartz.dataSource.catalog.connectionProvider.class", CatalogConnections.class.getName());
            p.setProperty("org.quartz.dataSource.catalog.url", Database.effectiveUrl(config.catalogUrl()));
            // a unit of work that failed in a handover is tried again after this long, not after 15 s
            p.setProperty("org.quartz.jobStore.dbRetryInterval", "1000");
        }
        return p;
    }
}
