package lifeboat.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import lifeboat.core.config.LifeboatConfig.RecoveryPlanConfig;
import lifeboat.core.config.LifeboatConfig.SchedulerConfig;
import lifeboat.core.config.NotificationsConfig.ChannelConfig;
import lifeboat.spi.PropertySpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code lifeboat.yaml}. Unknown keys are errors, reported with their YAML path and line: a typo must never
 * silently turn a backup off. Plugin properties are checked against the {@link PropertySpec}s the plugin declares.
 * Each section has its own loader; all of them report into one list, so one run shows every problem at once.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("dataDir", "catalog", "schedulesDir", "restoreTestsDir", "storage",
            "sources", "scheduler", "recovery", "recoveryPlans", "notifications", "systems", "audiences", "policy",
            "retention", "timeZone", "web", "breakGlass");

    private final PluginTypes plugins;
    private final Function<String, String> env;

    public ConfigLoader(PluginTypes plugins) {
        this(plugins, System::getenv);
    }

    public ConfigLoader(PluginTypes plugins, Function<String, String> env) {
        this.plugins = plugins;
        this.env = env;
    }

    /** Where the config is looked for: the option, else {@code $LIFEBOAT_CONFIG}, else {@code ./lifeboat.yaml}. */
    public static Path locate(Path option) {
        if (option != null) {
            return option;
        }
        String fromEnv = System.getenv("LIFEBOAT_CONFIG");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "lifeboat.yaml");
    }

    public LifeboatConfig load(Path file) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        String name = file.toString();
        Node root = read(abs, name);
        List<ConfigProblem> problems = new ArrayList<>();
        YamlNodes y = new YamlNodes(name, problems);
        Path base = abs.getParent();
        LoadContext c = new LoadContext(y, new SecretReferences(env, base), base);
        Map<String, Node> top = y.mapping("", root, TOP);

        Path dataDir = base.resolve(optional(c, "dataDir", top.get("dataDir"), "var")).normalize();
        String catalogUrl = top.containsKey("catalog") ? catalogUrl(c, top.get("catalog"), dataDir) : h2(dataDir);
        Path schedulesDir = base.resolve(optional(c, "schedulesDir", top.get("schedulesDir"), "schedules"));
        Path restoreTestsDir = base.resolve(optional(c, "restoreTestsDir", top.get("restoreTestsDir"), "restore-tests"));
        List<TargetConfig> targets = top.containsKey("storage")
                ? TargetsLoader.load(c, plugins, top.get("storage")) : List.of();
        Set<String> targetNames = targets.stream().map(TargetConfig::name).collect(Collectors.toSet());
        Retention retention = top.containsKey("retention")
                ? RetentionLoader.read(y, "retention", top.get("retention"), targetNames) : Retention.NONE;
        ZoneId zone = RetentionLoader.zone(y, "timeZone", top.get("timeZone"));
        List<SourceConfig> sources = top.containsKey("sources")
                ? SourcesLoader.load(c, plugins, top.get("sources"),
                        targets.stream().collect(Collectors.toMap(TargetConfig::name, t -> t)), retention, zone)
                : List.of();
        SchedulerConfig scheduler = top.containsKey("scheduler")
                ? SchedulerLoader.load(y, top.get("scheduler")) : SchedulerConfig.DEFAULT;
        boolean requireTrial = top.containsKey("recovery") && requireTrial(y, top.get("recovery"));
        Map<String, RecoveryPlanConfig> plans = top.containsKey("recoveryPlans")
                ? RecoveryPlansLoader.load(c, top.get("recoveryPlans"), sources) : Map.of();
        NotificationsConfig notifications = top.containsKey("notifications")
                ? NotificationsLoader.load(c, plugins, top.get("notifications"),
                        sources.stream().map(SourceConfig::name).collect(Collectors.toSet()), targetNames)
                : NotificationsConfig.NONE;
        CrashPolicyConfig crashPolicy = CrashPolicyLoader.load(c, top.get("systems"), top.get("audiences"),
                top.get("policy"), sources, notifications.channels().stream().map(ChannelConfig::name)
                        .collect(Collectors.toSet()));
        WebConfig web = top.containsKey("web") ? WebLoader.load(c, top.get("web")) : WebConfig.DEFAULT;
        BreakGlassConfig breakGlass = top.containsKey("breakGlass")
                ? BreakGlassLoader.load(y, top.get("breakGlass")) : BreakGlassConfig.NONE;
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LifeboatConfig(abs, dataDir, catalogUrl, schedulesDir.normalize(), restoreTestsDir.normalize(),
                targets, sources, scheduler, plans, notifications, requireTrial, crashPolicy, web, breakGlass);
    }

    /** {@code recovery.requireTrial}: false unless set. */
    private static boolean requireTrial(YamlNodes y, Node node) {
        Map<String, Node> m = y.mapping("recovery", node, Set.of("requireTrial"));
        return m.containsKey("requireTrial") && Boolean.TRUE.equals(y.bool("recovery.requireTrial", m.get("requireTrial")));
    }

    /** The document's root node; a file that cannot be read or parsed is one problem, as nothing else can be checked. */
    private static Node read(Path abs, String name) throws ConfigException {
        Node root;
        if (Files.isDirectory(abs)) {
            // reading one fails inside the YAML parser with a bare "Is a directory"
            throw new ConfigException(name, "is a directory; give the configuration file (e.g. " + name
                    + "/lifeboat.yaml)");
        }
        try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by YamlNodes with their line instead
            root = new Yaml(options).compose(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, "configuration file not found (give --config FILE, set LIFEBOAT_CONFIG, "
                    + "or run 'lifeboat init')");
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(List.of(new ConfigProblem(name, "", line, "not valid YAML: " + e.getProblem())));
        } catch (IOException e) {
            throw new ConfigException(name, "cannot read: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(name, "the file is empty");
        }
        return root;
    }

    private static String catalogUrl(LoadContext c, Node node, Path dataDir) {
        YamlNodes y = c.y();
        Map<String, Node> m = y.mapping("catalog", node, Set.of("url"));
        String url = m.containsKey("url") ? y.scalar("catalog.url", m.get("url")) : null;
        if (url == null) {
            return h2(dataDir);
        }
        String expanded = absoluteH2(c.expand("catalog.url", m.get("url"), url), c.base());
        if (!expanded.startsWith("jdbc:h2:") && !expanded.startsWith("jdbc:postgresql:")) {
            y.problem("catalog.url", m.get("url"), "only jdbc:h2: and jdbc:postgresql: catalogs are supported");
        }
        return expanded;
    }

    private static String h2(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("catalog");
    }

    /** A relative H2 file URL is relative to the config's directory, like every other path in it. */
    private static String absoluteH2(String url, Path base) {
        for (String prefix : new String[] {"jdbc:h2:file:", "jdbc:h2:"}) {
            if (url.startsWith(prefix)) {
                String rest = url.substring(prefix.length());
                if (rest.startsWith("./") || rest.startsWith("../")) {
                    return "jdbc:h2:file:" + base.resolve(rest).normalize();
                }
                return url;
            }
        }
        return url;
    }

    private static String optional(LoadContext c, String path, Node node, String dflt) {
        if (node == null) {
            return dflt;
        }
        String v = c.y().scalar(path, node);
        return v == null ? dflt : c.expand(path, node, v);
    }
}
