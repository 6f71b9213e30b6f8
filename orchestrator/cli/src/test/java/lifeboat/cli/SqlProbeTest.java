package lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lifeboat.core.config.ConfigLoader;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.ProbeSpec;
import lifeboat.core.monitor.ProbeOutcome;
import lifeboat.core.monitor.Probes;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.core.plugins.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql} probes against the loopback PostgreSQL and MariaDB servers through their database sources: the first
 * column of the first row against {@code expect}, and a query that runs past its timeout cancelled by the server.
 */
class SqlProbeTest {
    @TempDir
    Path dir;

    @Test
    void sqlProbes_compareTheFirstValue_andAreBoundedByTheirTimeout() throws Exception {
        Path config = Cli.install(dir, "").resolveSibling("lifeboat.yaml");
        Files.writeString(config, Files.readString(config) + """
                  - name: pg
                    type: postgres
                    host: 127.0.0.1
                    port: 5432
                    database: postgres
                    user: postgres
                    storage: [local]
                  - name: maria
                    type: mariadb
                    host: 127.0.0.1
                    port: 3306
                    database: mysql
                    user: root
                    storage: [local]
                """);
        PluginRegistry plugins = PluginRegistry.load();
        Duration second = Duration.ofSeconds(1);
        LifeboatConfig c = new ConfigLoader(plugins, Map.<String, String>of()::get).load(config);
        try (Probes probes = new Probes(new Sources(c, plugins, c::dataDir))) {
            assertThat(probes.run(new ProbeSpec.Sql("pg", "select 1 + 1", "2", Duration.ofSeconds(10))))
                    .isInstanceOf(ProbeOutcome.Passed.class);
            assertThat(probes.run(new ProbeSpec.Sql("maria", "select 1 + 1", "2", Duration.ofSeconds(10))))
                    .isInstanceOf(ProbeOutcome.Passed.class);
            assertThat(probes.run(new ProbeSpec.Sql("pg", "select 'f'", "t", Duration.ofSeconds(10))).detail())
                    .isEqualTo("returned f, expected t");

            for (String source : new String[] {"pg", "maria"}) {
                String sleep = source.equals("pg") ? "select pg_sleep(20)" : "select sleep(20)";
                long start = System.nanoTime();
                ProbeOutcome slow = probes.run(new ProbeSpec.Sql(source, sleep, "x", second));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(slow).as(source + ": " + slow).isInstanceOf(ProbeOutcome.TimedOut.class);
                assertThat(took).as(source).isLessThan(second.plusSeconds(3));
            }
        }
    }
}
