package lifeboat.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lifeboat.core.config.CrashPolicyConfig.PolicyConfig;
import lifeboat.core.config.CrashPolicyConfig.SystemConfig;
import lifeboat.core.model.Audience;
import org.yaml.snakeyaml.nodes.Node;

/** Loads {@code systems}, {@code audiences} and {@code policy}: the crash policy's parts Lifeboat carries out. */
final class CrashPolicyLoader {
    private static final Set<String> SYSTEM_KEYS = Set.of("name", "title", "description", "sources", "workaround",
            "probes", "restart");
    private static final Set<String> RESTART_KEYS = Set.of("command", "viaHost", "viaPort", "viaUser", "viaPassword",
            "viaPrivateKey", "viaPassphrase", "viaKnownHosts", "timeout");
    private static final Set<String> POLICY_KEYS = Set.of("monitorFor", "probeEvery", "reviewEvery", "lastReviewed");
    private static final Set<String> DATABASE_TYPES = Set.of("postgres", "mariadb");

    private CrashPolicyLoader() {
    }

    static CrashPolicyConfig load(LoadContext c, Node systems, Node audiences, Node policy,
            List<SourceConfig> sources, Set<String> channels) {
        List<SystemConfig> sys = systems == null ? List.of()
                : c.y().named("systems", systems, "system", (path, item) -> system(c, path, item, sources),
                        SystemConfig::name);
        Map<Audience, List<String>> aud = audiences == null ? Map.of() : audiences(c.y(), audiences, channels);
        PolicyConfig pol = policy == null ? PolicyConfig.DEFAULT : policy(c.y(), policy);
        return new CrashPolicyConfig(sys, aud, pol);
    }

    private static SystemConfig system(LoadContext c, String path, Node node, List<SourceConfig> sources) {
        YamlNodes y = c.y();
        Map<String, Node> m = y.mapping(path, node, SYSTEM_KEYS);
        String name = m.containsKey("name") ? y.scalar(path + ".name", m.get("name")) : null;
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            y.problem(path + ".name", m.getOrDefault("name", node), name == null ? "a system needs a name"
                    : "'" + name + "' is not a valid system name (lower-case letters, digits and dashes)");
            return null;
        }
        String title = m.containsKey("title") ? y.scalar(path + ".title", m.get("title")) : name;
        List<String> own = m.containsKey("sources") ? y.scalarList(path + ".sources", m.get("sources")) : List.of();
        for (String s : own) {
            if (sources.stream().noneMatch(src -> src.name().equals(s))) {
                y.problem(path + ".sources", m.get("sources"), "'" + s + "' is not a configured source");
            }
        }
        List<ProbeSpec> probes = new ArrayList<>();
        if (m.containsKey("probes")) {
            List<Node> items = y.sequence(path + ".probes", m.get("probes"));
            for (int i = 0; i < items.size(); i++) {
                probe(c, path + ".probes[" + i + "]", items.get(i), sources).ifPresent(probes::add);
            }
        }
        RestartSpec restart = m.containsKey("restart") ? restart(c, path + ".restart", m.get("restart")) : null;
        return new SystemConfig(name, title == null ? name : title, text(y, path + ".description", m),
                own, text(y, path + ".workaround", m), probes, restart);
    }

    private static String text(YamlNodes y, String path, Map<String, Node> m) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        return m.containsKey(key) ? y.scalar(path, m.get(key)) : null;
    }

    private static Optional<ProbeSpec> probe(LoadContext c, String path, Node node, List<SourceConfig> sources) {
        YamlNodes y = c.y();
        Map<String, Node> raw = y.mapping(path, node, Set.of("type", "host", "port", "url", "expectStatus",
                "expectText", "source", "query", "expect", "command", "expectExit", "timeout"));
        String type = raw.containsKey("type") ? y.scalar(path + ".type", raw.get("type")) : null;
        if (type == null) {
            y.problem(path + ".type", node, "a probe needs a type (tcp, http, sql or command)");
            return Optional.empty();
        }
        Duration timeout = y.duration(path + ".timeout", raw.get("timeout"), ProbeSpec.DEFAULT_TIMEOUT);
        switch (type) {
            case "tcp" -> {
                only(y, path, raw, Set.of("host", "port"));
                String host = required(y, path, raw, "host");
                Long port = raw.containsKey("port") ? y.integer(path + ".port", raw.get("port")) : null;
                if (port == null || port < 1 || port > 65535) {
                    y.problem(path + ".port", raw.getOrDefault("port", node), "a tcp probe needs a port (1-65535)");
                    return Optional.empty();
                }
                return host == null ? Optional.empty() : Optional.of(new ProbeSpec.Tcp(host, port.intValue(), timeout));
            }
            case "http" -> {
                only(y, path, raw, Set.of("url", "expectStatus", "expectText"));
                String url = required(y, path, raw, "url");
                if (url == null) {
                    return Optional.empty();
                }
                try {
                    URI uri = new URI(url);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                        throw new URISyntaxException(url, "not an http or https URL");
                    }
                    Long status = raw.containsKey("expectStatus")
                            ? y.integer(path + ".expectStatus", raw.get("expectStatus")) : null;
                    String text = raw.containsKey("expectText") ? y.scalar(path + ".expectText", raw.get("expectText"))
                            : null;
                    return Optional.of(new ProbeSpec.Http(uri, status == null ? 200 : status.intValue(), text,
                            timeout));
                } catch (URISyntaxException e) {
                    y.problem(path + ".url", raw.get("url"), "'" + url + "' is not an http or https URL");
                    return Optional.empty();
                }
            }
            case "sql" -> {
                only(y, path, raw, Set.of("source", "query", "expect"));
                String source = required(y, path, raw, "source");
                String query = required(y, path, raw, "query");
                String expect = required(y, path, raw, "expect");
                if (source != null && sources.stream().noneMatch(s -> s.name().equals(source)
                        && DATABASE_TYPES.contains(s.type()))) {
                    y.problem(path + ".source", raw.get("source"), "'" + source
                            + "' is not a configured database source (postgres or mariadb)");
                    return Optional.empty();
                }
                return source == null || query == null || expect == null ? Optional.empty()
                        : Optional.of(new ProbeSpec.Sql(source, query, expect, timeout));
            }
            case "command" -> {
                only(y, path, raw, Set.of("command", "expectExit"));
                List<String> command = raw.containsKey("command")
                        ? y.scalarList(path + ".command", raw.get("command")) : List.of();
                if (command.isEmpty()) {
                    y.problem(path + ".command", raw.getOrDefault("command", node),
                            "a command probe needs command: [program, args...]");
                    return Optional.empty();
                }
                Long exit = raw.containsKey("expectExit") ? y.integer(path + ".expectExit", raw.get("expectExit"))
                        : null;
                return Optional.of(new ProbeSpec.Command(command, exit == null ? 0 : exit.intValue(), timeout));
            }
            default -> {
                y.problem(path + ".type", raw.get("type"), "unknown probe type '" + type
                        + "' (known: tcp, http, sql, command)");
                return Optional.empty();
            }
        }
    }

    /** A key of another probe type is a mistake worth naming (e.g. {@code url} on a tcp probe). */
    private static void only(YamlNodes y, String path, Map<String, Node> raw, Set<String> allowed) {
        for (var e : raw.entrySet()) {
            if (!e.getKey().equals("type") && !e.getKey().equals("timeout") && !allowed.contains(e.getKey())) {
                y.problem(path + "." + e.getKey(), e.getValue(), "not a key of this probe type (allowed: type, timeout, "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String required(YamlNodes y, String path, Map<String, Node> m, String key) {
        if (!m.containsKey(key)) {
            y.problem(path + "." + key, null, "missing " + key);
            return null;
        }
        return y.scalar(path + "." + key, m.get(key));
    }

    private static RestartSpec restart(LoadContext c, String path, Node node) {
        YamlNodes y = c.y();
        Map<String, Node> m = y.mapping(path, node, RESTART_KEYS);
        String command = required(y, path, m, "command");
        String host = m.containsKey("viaHost") ? y.scalar(path + ".viaHost", m.get("viaHost")) : null;
        String user = m.containsKey("viaUser") ? y.scalar(path + ".viaUser", m.get("viaUser")) : null;
        Long port = m.containsKey("viaPort") ? y.integer(path + ".viaPort", m.get("viaPort")) : null;
        Optional<String> password = secret(c, path + ".viaPassword", m.get("viaPassword"));
        Optional<String> passphrase = secret(c, path + ".viaPassphrase", m.get("viaPassphrase"));
        Optional<Path> key = Optional.ofNullable(m.get("viaPrivateKey"))
                .map(n -> y.scalar(path + ".viaPrivateKey", n)).map(p -> c.base().resolve(expandHome(p)));
        Path knownHosts = Optional.ofNullable(m.get("viaKnownHosts")).map(n -> y.scalar(path + ".viaKnownHosts", n))
                .map(p -> c.base().resolve(expandHome(p)))
                .orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        if (host == null) {
            for (String k : RESTART_KEYS) {
                if (k.startsWith("via") && m.containsKey(k)) {
                    y.problem(path + "." + k, m.get(k), k + " needs viaHost");
                }
            }
        } else {
            if (user == null) {
                y.problem(path + ".viaUser", node, "viaHost needs viaUser");
            }
            if (password.isEmpty() && key.isEmpty()) {
                y.problem(path, node, "viaHost needs viaPassword or viaPrivateKey");
            }
        }
        Duration timeout = y.duration(path + ".timeout", m.get("timeout"), RestartSpec.DEFAULT_TIMEOUT);
        return command == null ? null : new RestartSpec(command, host, port == null ? 22 : port.intValue(), user,
                password, key, passphrase, knownHosts, timeout);
    }

    private static Optional<String> secret(LoadContext c, String path, Node node) {
        if (node == null) {
            return Optional.empty();
        }
        String v = c.y().scalar(path, node);
        return v == null ? Optional.empty() : Optional.of(c.expand(path, node, v));
    }

    private static String expandHome(String p) {
        return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
    }

    private static Map<Audience, List<String>> audiences(YamlNodes y, Node node, Set<String> channels) {
        Map<String, Node> m = y.mapping("audiences", node, Set.copyOf(Audience.labels()));
        Map<Audience, List<String>> out = new EnumMap<>(Audience.class);
        for (var e : m.entrySet()) {
            String path = "audiences." + e.getKey();
            List<String> list = y.scalarList(path, e.getValue());
            for (String ch : list) {
                if (!channels.contains(ch)) {
                    y.problem(path, e.getValue(), "channel '" + ch + "' is not defined under notifications.channels");
                }
            }
            out.put(Audience.of(e.getKey()), list);
        }
        return out;
    }

    private static PolicyConfig policy(YamlNodes y, Node node) {
        Map<String, Node> m = y.mapping("policy", node, POLICY_KEYS);
        PolicyConfig d = PolicyConfig.DEFAULT;
        LocalDate last = null;
        if (m.containsKey("lastReviewed")) {
            String v = y.scalar("policy.lastReviewed", m.get("lastReviewed"));
            try {
                last = v == null ? null : LocalDate.parse(v.trim());
            } catch (DateTimeParseException e) {
                y.problem("policy.lastReviewed", m.get("lastReviewed"), "'" + v + "' is not a date (YYYY-MM-DD)");
            }
        }
        return new PolicyConfig(positive(y, "policy.monitorFor", m.get("monitorFor"), d.monitorFor()),
                positive(y, "policy.probeEvery", m.get("probeEvery"), d.probeEvery()),
                positive(y, "policy.reviewEvery", m.get("reviewEvery"), d.reviewEvery()), last);
    }

    private static Duration positive(YamlNodes y, String path, Node node, Duration dflt) {
        Duration d = y.duration(path, node, dflt);
        if (d.isZero() || d.isNegative()) {
            y.problem(path, node, "must be longer than zero");
            return dflt;
        }
        return d;
    }
}
