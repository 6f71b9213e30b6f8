package lifeboat.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.Lifeboat;
import lifeboat.core.config.ConfigException;
import lifeboat.core.config.ConfigProblem;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.RestoreTestsLoader;
import lifeboat.core.config.ScheduleLoader;
import lifeboat.core.config.SourceConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.config.TargetConfig;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.spi.PluginContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check-config", mixinStandardHelpOptions = true, description = "Report every problem in the configuration, with its YAML path and line.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--offline", description = "Check the files only: connect to no source, storage target or catalog.")
    boolean offline;

    @Override
    public Integer call() {
        List<ConfigProblem> problems = new ArrayList<>();
        LifeboatConfig config = null;
        try {
            config = global.loadConfig();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        int jobs = 0;
        if (config != null) {
            problems.addAll(keyProblems(config));
            problems.addAll(openEach(config, offline));
            try {
                jobs = ScheduleLoader.load(config).size();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
            try {
                RestoreTestsLoader.load(config);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (global.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("valid", problems.isEmpty());
            out.put("problems", problems);
            Output.json(out);
        } else if (problems.isEmpty()) {
            System.out.println("configuration OK: " + config.file() + " (" + config.sources().size() + " sources, "
                    + config.storage().size() + " storage targets, " + config.notifications().channels().size()
                    + " notification channels, " + jobs + " scheduled jobs in " + config.schedulesDir() + ")");
        } else {
            problems.forEach(p -> System.out.println(p));
        }
        return problems.isEmpty() ? Main.OK : Main.USAGE;
    }

    /** A source or target whose identity is not one of its recipients backs up fine but can never read its backups back. */
    private static List<ConfigProblem> keyProblems(LifeboatConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (SourceConfig s : config.sources()) {
            String why = s.encryption() == null ? null : s.encryption().identityMismatch();
            if (why != null) {
                problems.add(new ConfigProblem(config.file().toString(), "sources." + s.name() + ".encryption.identity", 0,
                        why));
            }
        }
        for (TargetConfig t : config.storage()) {
            String why = t.encryption() == null ? null : t.encryption().identityMismatch();
            if (why != null) {
                problems.add(new ConfigProblem(config.file().toString(), "storage." + t.name() + ".encryption.identity",
                        0, why));
            }
        }
        return problems;
    }

    /**
     * Opens every source and target as a job would, so a missing share or unwritable directory shows up now; unless
     * offline, also connects to each of them and to the catalog (a closed port, a wrong bucket or password).
     */
    private static List<ConfigProblem> openEach(LifeboatConfig config, boolean offline) {
        PluginRegistry plugins = PluginRegistry.load();
        PluginContext context = config::dataDir;
        String file = config.file().toString();
        List<ConfigProblem> problems = new ArrayList<>();
        if (!offline) {
            try {
                Lifeboat.checkCatalog(config);
            } catch (Exception e) {
                problems.add(new ConfigProblem(file, "catalog.url", 0, e.getMessage()));
            }
        }
        for (TargetConfig t : config.storage()) {
            try (var s = plugins.storage(t.type()).orElseThrow().create(t.settings(), context)) {
                if (!offline) {
                    s.check();
                }
            } catch (Exception e) {
                problems.add(new ConfigProblem(file, "storage." + t.name(), 0, "cannot open storage target '"
                        + t.name() + "': " + e.getMessage()));
            }
        }
        for (var c : config.notifications().channels()) {
            try (var ch = plugins.channel(c.type()).orElseThrow().create(c.settings(), context)) {
                // opened: settings fine (nothing is sent; 'lifeboat notify test' does that)
            } catch (Exception e) {
                problems.add(new ConfigProblem(file, "notifications.channels." + c.name(), 0, "cannot open: "
                        + e.getMessage()));
            }
        }
        for (SourceConfig s : config.sources()) {
            try (var src = plugins.source(s.type()).orElseThrow().create(s.settings(), context)) {
                if (!offline) {
                    src.check();
                }
            } catch (Exception e) {
                problems.add(new ConfigProblem(file, "sources." + s.name(), 0, "cannot open source '" + s.name()
                        + "': " + e.getMessage()));
            }
        }
        return problems;
    }
}
