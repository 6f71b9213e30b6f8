package lifeboat.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lifeboat.core.plugins.PluginRegistry;
import lifeboat.spi.PropertySpec;
import lifeboat.spi.Settings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code lifeboat.yaml}. Unknown keys are errors, reported with their YAML path and line: a typo must never
 * silently turn a backup off. Plugin properties are checked against the {@link PropertySpec}s the plugin declares.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("dataDir", "catalog", "schedulesDir", "restoreTestsDir", "storage",
            "sources", "scheduler", "recoveryPlans", "notifications");
    private static final Set<String> SOURCE_CORE = Set.of("name", "type", "storage", "rpo", "tags", "encryption");
    private static final Set<String> TARGET_CORE = Set.of("name", "type");

    private final PluginRegistry plugins;
    private final java.util.function.Function<String, String> env;

    public ConfigLoader(PluginRegistry plugins) {
        this(plugins, System::getenv);
    }

    public ConfigLoader(PluginRegistry plugins, java.util.function.Function<String, String> env) {
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
        Node root;
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
        List<ConfigProblem> problems = new ArrayList<>();
        YamlNodes y = new YamlNodes(name, problems);
        Path base = abs.getParent();
        SecretReferences secrets = new SecretReferences(env, base);
        Map<String, Node> top = y.mapping("", root, TOP);

        Path dataDir = base.resolve(optionalScalar(y, secrets, "dataDir", top.get("dataDir"), "var"))
                .normalize();
        String catalogUrl = "jdbc:h2:file:" + dataDir.resolve("catalog");
        if (top.containsKey("catalog")) {
            Map<String, Node> c = y.mapping("catalog", top.get("catalog"), Set.of("url"));
            if (c.containsKey("url")) {
                String url = y.scalar("catalog.url", c.get("url"));
                if (url != null) {
                    catalogUrl = absoluteH2(expand(y, secrets, "catalog.url", c.get("url"), url), base);
                    if (!catalogUrl.startsWith("jdbc:h2:") && !catalogUrl.startsWith("jdbc:postgresql:")) {
                        y.problem("catalog.url", c.get("url"), "only jdbc:h2: and jdbc:postgresql: catalogs are supported");
                    }
                }
            }
        }
        Path schedulesDir = base.resolve(optionalScalar(y, secrets, "schedulesDir", top.get("schedulesDir"), "schedules"));
        Path restoreTestsDir = base.resolve(
                optionalScalar(y, secrets, "restoreTestsDir", top.get("restoreTestsDir"), "restore-tests"));

        List<TargetConfig> targets = new ArrayList<>();
        Map<String, Node> targetNodes = new HashMap<>();
        if (top.containsKey("storage")) {
            List<Node> items = y.sequence("storage", top.get("storage"));
            for (int i = 0; i < items.size(); i++) {
                String path = "storage[" + i + "]";
                TargetConfig t = target(y, secrets, base, path, items.get(i));
                if (t == null) {
                    continue;
                }
                if (targetNodes.containsKey(t.name())) {
                    y.problem(path + ".name", items.get(i), "duplicate storage target name '" + t.name() + "'");
                    continue;
                }
                targetNodes.put(t.name(), items.get(i));
                targets.add(t);
            }
        }

        List<SourceConfig> sources = new ArrayList<>();
        Set<String> sourceNames = new HashSet<>();
        if (top.containsKey("sources")) {
            List<Node> items = y.sequence("sources", top.get("sources"));
            for (int i = 0; i < items.size(); i++) {
                String path = "sources[" + i + "]";
                SourceConfig s = source(y, secrets, base, path, items.get(i), targetNodes.keySet());
                if (s == null) {
                    continue;
                }
                if (!sourceNames.add(s.name())) {
                    y.problem(path + ".name", items.get(i), "duplicate source name '" + s.name() + "'");
                    continue;
                }
                sources.add(s);
            }
        }

        LifeboatConfig.SchedulerConfig scheduler = LifeboatConfig.SchedulerConfig.DEFAULT;
        if (top.containsKey("scheduler")) {
            scheduler = scheduler(y, top.get("scheduler"));
        }

        Map<String, LifeboatConfig.RecoveryPlanConfig> plans = new LinkedHashMap<>();
        if (top.containsKey("recoveryPlans")) {
            Map<String, Node> p = y.mapping("recoveryPlans", top.get("recoveryPlans"), null);
            p.forEach((planName, node) -> {
                var plan = plan(y, "recoveryPlans." + planName, planName, node, sources, base);
                if (plan != null) {
                    plans.put(planName, plan);
                }
            });
        }
        NotificationsConfig notifications = top.containsKey("notifications")
                ? notifications(y, secrets, base, top.get("notifications"), sourceNames, targetNodes.keySet())
                : NotificationsConfig.NONE;
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LifeboatConfig(abs, dataDir, catalogUrl, schedulesDir.normalize(), restoreTestsDir.normalize(),
                targets, sources, scheduler, plans, notifications);
    }

    private NotificationsConfig notifications(YamlNodes y, SecretReferences secrets, Path base, Node node,
            Set<String> sourceNames, Set<String> targetNames) {
        var dflt = NotificationsConfig.NONE;
        Map<String, Node> n = y.mapping("notifications", node, Set.of("channels", "rules", "repeatAfter", "expireAfter",
                "checkEvery", "digest", "minFreeSpace"));
        List<NotificationsConfig.ChannelConfig> channels = new ArrayList<>();
        Map<String, Node> channelNodes = new HashMap<>();
        List<Node> items = n.containsKey("channels") ? y.sequence("notifications.channels", n.get("channels")) : List.of();
        for (int i = 0; i < items.size(); i++) {
            String path = "notifications.channels[" + i + "]";
            NotificationsConfig.ChannelConfig c = channel(y, secrets, base, path, items.get(i));
            if (c == null) {
                continue;
            }
            if (channelNodes.containsKey(c.name())) {
                y.problem(path + ".name", items.get(i), "duplicate channel name '" + c.name() + "'");
                continue;
            }
            channelNodes.put(c.name(), items.get(i));
            channels.add(c);
        }
        List<NotificationsConfig.RuleConfig> rules = new ArrayList<>();
        List<Node> ruleItems = n.containsKey("rules") ? y.sequence("notifications.rules", n.get("rules")) : List.of();
        for (int i = 0; i < ruleItems.size(); i++) {
            String path = "notifications.rules[" + i + "]";
            Map<String, Node> r = y.mapping(path, ruleItems.get(i), Set.of("events", "severities", "sources", "channels"));
            List<String> events = r.containsKey("events") ? y.scalarList(path + ".events", r.get("events")) : List.of();
            if (events.isEmpty()) {
                y.problem(path + ".events", r.getOrDefault("events", ruleItems.get(i)), "list the event types this rule"
                        + " sends, or \"*\" for all (" + String.join(", ", lifeboat.core.model.EventType.labels()) + ")");
            }
            for (String e : events) {
                if (!e.equals("*") && lifeboat.core.model.EventType.of(e).isEmpty()) {
                    y.problem(path + ".events", r.get("events"), "unknown event type '" + e + "' (known: "
                            + String.join(", ", lifeboat.core.model.EventType.labels()) + ")");
                }
            }
            List<String> severities = r.containsKey("severities")
                    ? y.scalarList(path + ".severities", r.get("severities")) : List.of();
            for (String s : severities) {
                if (!Set.of("error", "warning", "info").contains(s)) {
                    y.problem(path + ".severities", r.get("severities"), "unknown severity '" + s
                            + "' (known: error, warning, info)");
                }
            }
            List<String> sources = r.containsKey("sources") ? y.scalarList(path + ".sources", r.get("sources")) : List.of();
            for (String s : sources) {
                if (!sourceNames.contains(s) && !targetNames.contains(s)) {
                    y.problem(path + ".sources", r.get("sources"), "'" + s + "' is neither a source nor a storage target");
                }
            }
            List<String> to = r.containsKey("channels") ? y.scalarList(path + ".channels", r.get("channels")) : List.of();
            if (to.isEmpty()) {
                y.problem(path + ".channels", r.getOrDefault("channels", ruleItems.get(i)), "list at least one channel");
            }
            for (String c : to) {
                if (!channelNodes.containsKey(c)) {
                    y.problem(path + ".channels", r.get("channels"), "channel '" + c
                            + "' is not defined under notifications.channels");
                }
            }
            rules.add(new NotificationsConfig.RuleConfig(events, severities, sources, to));
        }
        java.time.ZoneId zone = dflt.zone();
        String cron = dflt.digestCron();
        if (n.containsKey("digest")) {
            Map<String, Node> d = y.mapping("notifications.digest", n.get("digest"), Set.of("cron", "timezone"));
            if (d.containsKey("cron")) {
                String c = y.scalar("notifications.digest.cron", d.get("cron"));
                if (c != null && !org.quartz.CronExpression.isValidExpression(c)) {
                    y.problem("notifications.digest.cron", d.get("cron"), "'" + c + "' is not a Quartz cron expression"
                            + " (seconds first, e.g. \"0 0 7 * * ?\" for 07:00 every day)");
                } else if (c != null) {
                    cron = c;
                }
            }
            if (d.containsKey("timezone")) {
                String z = y.scalar("notifications.digest.timezone", d.get("timezone"));
                try {
                    zone = z == null ? zone : java.time.ZoneId.of(z);
                } catch (java.time.DateTimeException e) {
                    y.problem("notifications.digest.timezone", d.get("timezone"), "unknown time zone '" + z + "'");
                }
            }
        }
        long minFree = dflt.minFreeBytes();
        if (n.containsKey("minFreeSpace")) {
            String v = y.scalar("notifications.minFreeSpace", n.get("minFreeSpace"));
            try {
                if (v == null || v.trim().endsWith("%")) { // a target's total size is unknown: no percentages
                    throw new IllegalArgumentException(v);
                }
                minFree = lifeboat.core.config.Budget.bytes(v, 0);
            } catch (IllegalArgumentException e) {
                y.problem("notifications.minFreeSpace", n.get("minFreeSpace"), "expected a size such as 10GiB or 500MB");
            }
        }
        return new NotificationsConfig(channels, rules,
                positive(y, "notifications.repeatAfter", n.get("repeatAfter"), dflt.repeatAfter()),
                positive(y, "notifications.expireAfter", n.get("expireAfter"), dflt.expireAfter()),
                positive(y, "notifications.checkEvery", n.get("checkEvery"), dflt.checkEvery()), cron, zone, minFree);
    }

    private static Duration positive(YamlNodes y, String path, Node node, Duration dflt) {
        Duration d = duration(y, path, node, dflt);
        if (d.isZero() || d.isNegative()) {
            y.problem(path, node, "must be longer than zero");
            return dflt;
        }
        return d;
    }

    private NotificationsConfig.ChannelConfig channel(YamlNodes y, SecretReferences secrets, Path base, String path,
            Node node) {
        Map<String, Node> m = y.mapping(path, node, null);
        String name = requiredName(y, path, node, m);
        String type = m.containsKey("type") ? y.scalar(path + ".type", m.get("type")) : null;
        if (type == null) {
            if (!m.containsKey("type")) {
                y.problem(path, node, "missing 'type' (one of: " + String.join(", ", plugins.channelTypes()) + ")");
            }
            return null;
        }
        var factory = plugins.channel(type);
        if (factory.isEmpty()) {
            y.problem(path + ".type", m.get("type"), "unknown channel type '" + type + "' (known: "
                    + String.join(", ", plugins.channelTypes()) + ")");
            return null;
        }
        Settings settings = settings(y, secrets, base, path, m, name, type, factory.get().properties(), TARGET_CORE);
        return name == null ? null : new NotificationsConfig.ChannelConfig(name, type, settings);
    }

    private static LifeboatConfig.SchedulerConfig scheduler(YamlNodes y, Node node) {
        var dflt = LifeboatConfig.SchedulerConfig.DEFAULT;
        Map<String, Node> s = y.mapping("scheduler", node,
                Set.of("maxConcurrentJobs", "cluster", "retries", "retryBackoff", "shutdownGrace", "perTargetJobs"));
        Long max = s.containsKey("maxConcurrentJobs") ? y.integer("scheduler.maxConcurrentJobs", s.get("maxConcurrentJobs")) : null;
        Boolean cluster = s.containsKey("cluster") ? y.bool("scheduler.cluster", s.get("cluster")) : null;
        if (max != null && max < 1) {
            y.problem("scheduler.maxConcurrentJobs", s.get("maxConcurrentJobs"), "must be at least 1");
        }
        Long perTarget = s.containsKey("perTargetJobs") ? y.integer("scheduler.perTargetJobs", s.get("perTargetJobs")) : null;
        if (perTarget != null && perTarget < 1) {
            y.problem("scheduler.perTargetJobs", s.get("perTargetJobs"), "must be at least 1");
        }
        Long retries = s.containsKey("retries") ? y.integer("scheduler.retries", s.get("retries")) : null;
        if (retries != null && retries < 0) {
            y.problem("scheduler.retries", s.get("retries"), "must be 0 or more");
        }
        return new LifeboatConfig.SchedulerConfig(max == null ? dflt.maxConcurrentJobs() : max.intValue(),
                cluster != null && cluster, retries == null ? dflt.retries() : retries.intValue(),
                duration(y, "scheduler.retryBackoff", s.get("retryBackoff"), dflt.retryBackoff()),
                duration(y, "scheduler.shutdownGrace", s.get("shutdownGrace"), dflt.shutdownGrace()),
                perTarget == null || perTarget < 1 ? dflt.perTargetJobs() : perTarget.intValue());
    }

    private static Duration duration(YamlNodes y, String path, Node node, Duration dflt) {
        if (node == null) {
            return dflt;
        }
        String v = y.scalar(path, node);
        try {
            return v == null ? dflt : Durations.parse(v);
        } catch (IllegalArgumentException e) {
            y.problem(path, node, e.getMessage());
            return dflt;
        }
    }

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

    private String optionalScalar(YamlNodes y, SecretReferences secrets, String path, Node node, String dflt) {
        if (node == null) {
            return dflt;
        }
        String v = y.scalar(path, node);
        return v == null ? dflt : expand(y, secrets, path, node, v);
    }

    private static String expand(YamlNodes y, SecretReferences secrets, String path, Node node, String value) {
        try {
            return secrets.expand(value);
        } catch (IllegalArgumentException e) {
            y.problem(path, node, e.getMessage());
            return value;
        }
    }

    private TargetConfig target(YamlNodes y, SecretReferences secrets, Path base, String path, Node node) {
        Map<String, Node> m = y.mapping(path, node, null);
        String name = requiredName(y, path, node, m);
        String type = m.containsKey("type") ? y.scalar(path + ".type", m.get("type")) : null;
        if (type == null) {
            if (!m.containsKey("type")) {
                y.problem(path, node, "missing 'type' (one of: " + String.join(", ", plugins.storageTypes()) + ")");
            }
            return null;
        }
        var factory = plugins.storage(type);
        if (factory.isEmpty()) {
            y.problem(path + ".type", m.get("type"), "unknown storage type '" + type + "' (known: "
                    + String.join(", ", plugins.storageTypes()) + ")");
            return null;
        }
        Settings settings = settings(y, secrets, base, path, m, name, type, factory.get().properties(), TARGET_CORE);
        return name == null ? null : new TargetConfig(name, type, settings);
    }

    private SourceConfig source(YamlNodes y, SecretReferences secrets, Path base, String path, Node node,
            Set<String> targetNames) {
        Map<String, Node> m = y.mapping(path, node, null);
        String name = requiredName(y, path, node, m);
        String type = m.containsKey("type") ? y.scalar(path + ".type", m.get("type")) : null;
        if (type == null) {
            if (!m.containsKey("type")) {
                y.problem(path, node, "missing 'type' (one of: " + String.join(", ", plugins.sourceTypes()) + ")");
            }
            return null;
        }
        var factory = plugins.source(type);
        if (factory.isEmpty()) {
            y.problem(path + ".type", m.get("type"), "unknown source type '" + type + "' (known: "
                    + String.join(", ", plugins.sourceTypes()) + ")");
            return null;
        }
        List<String> storage = List.of();
        if (m.containsKey("storage")) {
            storage = y.scalarList(path + ".storage", m.get("storage"));
            for (String t : storage) {
                if (!targetNames.contains(t)) {
                    y.problem(path + ".storage", m.get("storage"), "storage target '" + t + "' is not defined under 'storage'");
                }
            }
            if (new HashSet<>(storage).size() != storage.size()) {
                y.problem(path + ".storage", m.get("storage"), "a storage target is listed twice");
            }
        }
        if (storage.isEmpty()) {
            y.problem(path + ".storage", m.getOrDefault("storage", node), "a source needs at least one storage target");
        }
        Duration rpo = null;
        if (m.containsKey("rpo")) {
            String v = y.scalar(path + ".rpo", m.get("rpo"));
            if (v != null) {
                try {
                    rpo = Durations.parse(v);
                } catch (IllegalArgumentException e) {
                    y.problem(path + ".rpo", m.get("rpo"), e.getMessage());
                }
            }
        }
        List<String> tags = m.containsKey("tags") ? y.scalarList(path + ".tags", m.get("tags")) : List.of();
        lifeboat.core.repo.Encryption encryption = m.containsKey("encryption")
                ? encryption(y, secrets, path + ".encryption", m.get("encryption")) : null;
        Settings settings = settings(y, secrets, base, path, m, name, type, factory.get().properties(), SOURCE_CORE);
        return name == null ? null : new SourceConfig(name, type, storage, rpo, tags, settings, encryption);
    }

    /** age-keygen writes comment lines before the key; take the key line. */
    private static String ageKeyLine(String text) {
        for (String line : text.split("\\R")) {
            if (line.trim().startsWith("AGE-SECRET-KEY-")) {
                return line.trim();
            }
        }
        return text.trim();
    }

    private static lifeboat.core.repo.Encryption encryption(YamlNodes y, SecretReferences secrets, String path, Node node) {
        Map<String, Node> e = y.mapping(path, node, Set.of("recipients", "identity"));
        List<String> recipients = new ArrayList<>();
        if (e.containsKey("recipients")) {
            for (String r : y.scalarList(path + ".recipients", e.get("recipients"))) {
                recipients.add(expand(y, secrets, path + ".recipients", e.get("recipients"), r).trim());
            }
        }
        if (recipients.isEmpty()) {
            y.problem(path + ".recipients", e.getOrDefault("recipients", node), "list at least one age recipient (age1...)");
            return null;
        }
        String identity = null;
        if (e.containsKey("identity")) {
            String raw = y.scalar(path + ".identity", e.get("identity"));
            identity = raw == null ? null : ageKeyLine(expand(y, secrets, path + ".identity", e.get("identity"), raw));
            if (identity != null && !secrets.hasReference(raw)) {
                y.problem(path + ".identity", e.get("identity"),
                        "give the secret key as ${file:PATH} or ${env:NAME}, not in the configuration file");
            }
        }
        var enc = new lifeboat.core.repo.Encryption(recipients, identity);
        try {
            enc.validate();
        } catch (IllegalArgumentException ex) {
            y.problem(path, node, ex.getMessage());
            return null;
        }
        return enc;
    }

    private static String requiredName(YamlNodes y, String path, Node node, Map<String, Node> m) {
        if (!m.containsKey("name")) {
            y.problem(path, node, "missing 'name'");
            return null;
        }
        String name = y.scalar(path + ".name", m.get("name"));
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            y.problem(path + ".name", m.get("name"), "name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
            return null;
        }
        return name;
    }

    private Settings settings(YamlNodes y, SecretReferences secrets, Path base, String path, Map<String, Node> m,
            String name, String type, List<PropertySpec> specs, Set<String> core) {
        Map<String, PropertySpec> byName = new HashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        Map<String, Object> values = new HashMap<>();
        for (var e : m.entrySet()) {
            String key = e.getKey();
            String keyPath = path + "." + key;
            if (core.contains(key)) {
                continue;
            }
            PropertySpec spec = byName.get(key);
            if (spec == null) {
                Set<String> allowed = new HashSet<>(core);
                allowed.addAll(byName.keySet());
                y.unknownKey(path, key, e.getValue(), allowed);
                continue;
            }
            Object v = value(y, secrets, base, keyPath, spec, e.getValue());
            if (v != null) {
                values.put(key, v);
            }
        }
        for (PropertySpec spec : specs) {
            if (spec.required() && !m.containsKey(spec.name())) {
                y.problem(path, null, "missing '" + spec.name() + "' (" + spec.description() + ") for " + type
                        + (name == null ? "" : " '" + name + "'"));
            }
        }
        return new Settings(name == null ? "?" : name, type, values);
    }

    private Object value(YamlNodes y, SecretReferences secrets, Path base, String path, PropertySpec spec, Node node) {
        if (spec.type() == lifeboat.spi.PropertyType.STRING_LIST) {
            List<String> raw = y.scalarList(path, node);
            List<String> out = new ArrayList<>();
            for (String r : raw) {
                out.add(expand(y, secrets, path, node, r));
            }
            return out;
        }
        String raw = y.scalar(path, node);
        if (raw == null) {
            return null;
        }
        String v = expand(y, secrets, path, node, raw);
        try {
            return switch (spec.type()) {
                case STRING -> v;
                case PATH -> base.resolve(v).normalize();
                case INTEGER -> Long.parseLong(v.trim());
                case BOOLEAN -> switch (v.trim().toLowerCase()) {
                    case "true", "yes", "on" -> Boolean.TRUE;
                    case "false", "no", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("expected true or false");
                };
                case DURATION -> Durations.parse(v);
                case STRING_LIST -> throw new AssertionError();
            };
        } catch (NumberFormatException e) {
            y.problem(path, node, "expected a whole number" + (spec.secret() ? "" : ", got '" + v + "'"));
        } catch (IllegalArgumentException e) {
            y.problem(path, node, spec.secret() ? "invalid value" : e.getMessage());
        }
        return null;
    }

    private static final Set<String> PLAN_SOURCE_KEYS = Set.of("name", "after", "to", "toDb", "toHost", "toPort",
            "toUser");

    private static LifeboatConfig.RecoveryPlanConfig plan(YamlNodes y, String path, String name, Node node,
            List<SourceConfig> sources, Path base) {
        Map<String, Node> m = y.mapping(path, node, Set.of("parallelism", "groups"));
        int parallelism = 1;
        if (m.containsKey("parallelism")) {
            Long p = y.integer(path + ".parallelism", m.get("parallelism"));
            if (p != null && p < 1) {
                y.problem(path + ".parallelism", m.get("parallelism"), "must be at least 1");
            } else if (p != null) {
                parallelism = p.intValue();
            }
        }
        Map<String, String> types = new HashMap<>();
        sources.forEach(s -> types.put(s.name(), s.type()));
        List<LifeboatConfig.RecoveryGroup> groups = new ArrayList<>();
        Map<String, Integer> groupOf = new HashMap<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, String> depPath = new HashMap<>();
        Map<String, Node> depNode = new HashMap<>();
        List<Node> items = m.containsKey("groups") ? y.sequence(path + ".groups", m.get("groups")) : List.of();
        if (items.isEmpty()) {
            y.problem(path, node, "a recovery plan needs at least one group");
        }
        for (int i = 0; i < items.size(); i++) {
            String gp = path + ".groups[" + i + "]";
            Map<String, Node> g = y.mapping(gp, items.get(i), Set.of("priority", "sources", "after"));
            Long priority = g.containsKey("priority") ? y.integer(gp + ".priority", g.get("priority")) : null;
            if (priority == null && !g.containsKey("priority")) {
                y.problem(gp, items.get(i), "missing 'priority'");
            }
            int prio = priority == null ? i + 1 : priority.intValue();
            List<String> groupAfter = g.containsKey("after") ? y.scalarList(gp + ".after", g.get("after")) : List.of();
            List<LifeboatConfig.RecoverySource> members = new ArrayList<>();
            List<Node> list = g.containsKey("sources") ? y.sequence(gp + ".sources", g.get("sources")) : List.of();
            for (int j = 0; j < list.size(); j++) {
                String sp = gp + ".sources[" + j + "]";
                Node sn = list.get(j);
                LifeboatConfig.RecoverySource rs = planSource(y, sp, sn, types, base);
                if (rs == null) {
                    continue;
                }
                String s = rs.name();
                if (!types.containsKey(s)) {
                    y.problem(sp, sn, "source '" + s + "' is not defined under 'sources'");
                    continue;
                }
                if (groupOf.containsKey(s)) {
                    y.problem(sp, sn, "source '" + s + "' is in two groups of plan '" + name + "'");
                    continue;
                }
                groupOf.put(s, prio);
                List<String> after = new ArrayList<>(rs.after());
                groupAfter.stream().filter(a -> !after.contains(a) && !a.equals(s)).forEach(after::add);
                deps.put(s, after);
                depPath.put(s, sp);
                depNode.put(s, sn);
                members.add(new LifeboatConfig.RecoverySource(s, after, rs.to(), rs.toDb(), rs.toHost(), rs.toPort(),
                        rs.toUser()));
            }
            groups.add(new LifeboatConfig.RecoveryGroup(prio, members, groupAfter));
        }
        // dependencies: known, in the plan, not in a later group, and free of cycles
        for (var e : deps.entrySet()) {
            for (String d : e.getValue()) {
                String where = depPath.get(e.getKey()) + ".after";
                if (!types.containsKey(d)) {
                    y.problem(where, depNode.get(e.getKey()), "'" + e.getKey() + "' is after '" + d
                            + "', which is not defined under 'sources'");
                } else if (!groupOf.containsKey(d)) {
                    y.problem(where, depNode.get(e.getKey()), "'" + e.getKey() + "' is after '" + d
                            + "', which is not in plan '" + name + "'");
                } else if (groupOf.get(d) > groupOf.get(e.getKey())) {
                    y.problem(where, depNode.get(e.getKey()), "'" + e.getKey() + "' (priority " + groupOf.get(e.getKey())
                            + ") is after '" + d + "', which has the later priority " + groupOf.get(d));
                }
            }
        }
        Set<String> done = new HashSet<>();
        for (String s : deps.keySet()) {
            List<String> cycle = cycle(s, deps, new ArrayList<>(), done);
            if (cycle != null) {
                y.problem(depPath.get(cycle.get(0)) + ".after", depNode.get(cycle.get(0)),
                        "dependency cycle: " + String.join(" -> ", cycle));
                break;
            }
        }
        return new LifeboatConfig.RecoveryPlanConfig(name, parallelism, groups);
    }

    /** A cycle through {@code s} in the {@code after} graph, as the path that closes it, or null. */
    private static List<String> cycle(String s, Map<String, List<String>> deps, List<String> stack, Set<String> done) {
        if (stack.contains(s)) {
            List<String> c = new ArrayList<>(stack.subList(stack.indexOf(s), stack.size()));
            c.add(s);
            return c;
        }
        if (done.contains(s)) {
            return null;
        }
        stack.add(s);
        for (String d : deps.getOrDefault(s, List.of())) {
            List<String> c = cycle(d, deps, stack, done);
            if (c != null) {
                return c;
            }
        }
        stack.remove(stack.size() - 1);
        done.add(s);
        return null;
    }

    /** A plan's source: a name, or a mapping with the name, {@code after} and the restore target. */
    private static LifeboatConfig.RecoverySource planSource(YamlNodes y, String path, Node node,
            Map<String, String> types, Path base) {
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            String n = y.scalar(path, node);
            return n == null ? null : LifeboatConfig.RecoverySource.of(n);
        }
        Map<String, Node> m = y.mapping(path, node, PLAN_SOURCE_KEYS);
        if (!m.containsKey("name")) {
            y.problem(path, node, "missing 'name'");
            return null;
        }
        String n = y.scalar(path + ".name", m.get("name"));
        if (n == null) {
            return null;
        }
        List<String> after = m.containsKey("after") ? y.scalarList(path + ".after", m.get("after")) : List.of();
        String type = types.get(n);
        boolean files = type != null && !type.equals("postgres") && !type.equals("mariadb");
        Path to = null;
        if (m.containsKey("to")) {
            String t = y.scalar(path + ".to", m.get("to"));
            if (type != null && !files) {
                y.problem(path + ".to", m.get("to"), "'to' is for file shares; restore database '" + n
                        + "' elsewhere with toDb, toHost, toPort, toUser");
            } else if (t != null) {
                to = base.resolve(t).normalize();
            }
        }
        String[] db = new String[4];
        String[] keys = {"toDb", "toHost", "toPort", "toUser"};
        for (int k = 0; k < keys.length; k++) {
            if (m.containsKey(keys[k])) {
                db[k] = y.scalar(path + "." + keys[k], m.get(keys[k]));
                if (type != null && files) {
                    y.problem(path + "." + keys[k], m.get(keys[k]), "'" + keys[k] + "' is for databases; restore share '"
                            + n + "' elsewhere with 'to'");
                }
            }
        }
        if (db[2] != null && !db[2].matches("\\d{1,5}")) {
            y.problem(path + ".toPort", m.get("toPort"), "expected a port number, got '" + db[2] + "'");
        }
        return new LifeboatConfig.RecoverySource(n, after, to, db[0], db[1], db[2], db[3]);
    }
}
