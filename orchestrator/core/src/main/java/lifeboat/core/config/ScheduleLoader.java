package lifeboat.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lifeboat.core.model.Level;
import lifeboat.core.model.VerifyMode;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code schedulesDir/*.yaml} (the schedules contract in DESIGN.md) against a loaded configuration. Like
 * {@link ConfigLoader}, unknown keys are errors and every problem is reported with its file, YAML path and line, so
 * a typo never silently drops a night's backup.
 */
public final class ScheduleLoader {
    private static final Set<String> TOP = Set.of("timezone", "jobs");
    private static final Set<String> JOB = Set.of("name", "action", "level", "mode", "budget", "verify", "sources", "cron", "from",
            "to");

    private ScheduleLoader() {
    }

    /** Every job in the configuration's schedules directory; a missing directory means no jobs. */
    public static List<JobDefinition> load(LifeboatConfig config) throws ConfigException {
        return load(config.schedulesDir(), config);
    }

    public static List<JobDefinition> load(Path dir, LifeboatConfig config) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        List<JobDefinition> jobs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
            } catch (IOException e) {
                throw new ConfigException(dir.toString(), "cannot list schedules: " + e.getMessage());
            }
            Set<String> names = new HashSet<>();
            for (Path f : files) {
                for (JobDefinition j : file(f, config, problems)) {
                    if (!names.add(j.name())) {
                        problems.add(new ConfigProblem(j.file(), "jobs", j.line(), "duplicate job name '" + j.name()
                                + "' (job names must be unique across all schedule files)"));
                    } else {
                        jobs.add(j);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return jobs;
    }

    private static List<JobDefinition> file(Path f, LifeboatConfig config, List<ConfigProblem> problems) {
        String name = f.toString();
        Node root;
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by YamlNodes with their line instead
            root = new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(new ConfigProblem(name, "", line, "not valid YAML: " + e.getProblem()));
            return List.of();
        } catch (IOException e) {
            problems.add(new ConfigProblem(name, "", 0, "cannot read: " + e.getMessage()));
            return List.of();
        }
        if (root == null) {
            return List.of(); // an empty file schedules nothing
        }
        YamlNodes y = new YamlNodes(name, problems);
        Map<String, Node> top = y.mapping("", root, TOP);
        ZoneId zone = null;
        if (!top.containsKey("timezone")) {
            y.problem("timezone", root, "missing 'timezone' (for example Europe/London): cron times are local times");
        } else {
            String tz = y.scalar("timezone", top.get("timezone"));
            try {
                zone = tz == null ? null : ZoneId.of(tz);
            } catch (DateTimeException e) {
                y.problem("timezone", top.get("timezone"), "unknown time zone '" + tz + "' (use a region such as Europe/London)");
            }
        }
        List<JobDefinition> out = new ArrayList<>();
        List<Node> items = top.containsKey("jobs") ? y.sequence("jobs", top.get("jobs")) : List.of();
        for (int i = 0; i < items.size(); i++) {
            JobDefinition j = job(y, "jobs[" + i + "]", items.get(i), zone, config);
            if (j != null) {
                out.add(j);
            }
        }
        return zone == null ? List.of() : out;
    }

    private static JobDefinition job(YamlNodes y, String path, Node node, ZoneId zone, LifeboatConfig config) {
        int before = problemCount(y);
        Map<String, Node> m = y.mapping(path, node, JOB);
        String name = required(y, path, node, m, "name");
        String actionText = required(y, path, node, m, "action");
        String cron = required(y, path, node, m, "cron");
        JobAction action = null;
        if (actionText != null) {
            action = JobAction.of(actionText).orElse(null);
            if (action == null) {
                y.problem(path + ".action", m.get("action"), "unknown action '" + actionText + "' (backup, verify, copy, trial-restore, prune)");
            } else if (!action.implemented()) {
                y.problem(path + ".action", m.get("action"), "action '" + actionText
                        + "' is not implemented yet (implemented: backup, verify, copy, trial-restore, prune); comment this job out for now");
            }
        }
        if (cron != null) {
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                y.problem(path + ".cron", m.get("cron"), "invalid Quartz cron '" + cron + "': " + e.getMessage()
                        + " (six or seven fields, seconds first, e.g. \"0 0 1 ? * MON-SAT\")");
            }
        }
        String level = optional(y, path, m, "level");
        String mode = optional(y, path, m, "mode");
        String from = optional(y, path, m, "from");
        String to = optional(y, path, m, "to");
        String budget = optional(y, path, m, "budget");
        boolean verify = m.containsKey("verify") && Boolean.TRUE.equals(y.bool(path + ".verify", m.get("verify")));
        onlyFor(y, path, m, "level", action, JobAction.BACKUP);
        onlyFor(y, path, m, "verify", action, JobAction.BACKUP);
        onlyFor(y, path, m, "mode", action, JobAction.VERIFY);
        onlyFor(y, path, m, "budget", action, JobAction.VERIFY);
        onlyFor(y, path, m, "from", action, JobAction.COPY);
        onlyFor(y, path, m, "to", action, JobAction.COPY);
        Level backupLevel = null;
        VerifyMode verifyMode = null;
        if (action == JobAction.BACKUP) {
            level = level == null ? "incremental" : level;
            try {
                backupLevel = Level.of(level);
            } catch (IllegalArgumentException e) {
                y.problem(path + ".level", m.get("level"), e.getMessage());
            }
        }
        if (action == JobAction.VERIFY) {
            mode = mode == null ? "quick" : mode;
            try {
                VerifyMode vm = VerifyMode.of(mode);
                verifyMode = vm;
                if (vm == VerifyMode.ROLLING && budget == null) {
                    y.problem(path, node, "a rolling verify needs 'budget' (a size such as 20GiB, or a percentage such as 5%)");
                } else if (vm != VerifyMode.ROLLING && budget != null) {
                    y.problem(path + ".budget", m.get("budget"), "'budget' applies to mode: rolling only");
                } else if (budget != null) {
                    Budget.bytes(budget, 1);
                }
            } catch (IllegalArgumentException e) {
                y.problem(path + ".mode", m.get("mode"), e.getMessage());
            }
        }
        if (action == JobAction.COPY) {
            for (String key : List.of("from", "to")) {
                String t = key.equals("from") ? from : to;
                if (t == null && !m.containsKey(key)) {
                    y.problem(path, node, "a copy job needs '" + key + "' (a storage target name)");
                } else if (t != null && config.target(t).isEmpty()) {
                    y.problem(path + "." + key, m.get(key), "storage target '" + t + "' is not defined in "
                            + config.file().getFileName());
                }
            }
        }
        List<String> sources = sources(y, path, m, config);
        if (problemCount(y) > before || zone == null) {
            return null;
        }
        return new JobDefinition(y.file(), YamlNodes.line(node), name, action, backupLevel, verifyMode, verify, sources,
                cron, zone, from, to, budget);
    }

    /** Names, tags or "*", resolved to configured source names; missing means all. */
    private static List<String> sources(YamlNodes y, String path, Map<String, Node> m, LifeboatConfig config) {
        List<String> wanted = m.containsKey("sources") ? y.scalarList(path + ".sources", m.get("sources")) : List.of("*");
        Set<String> out = new LinkedHashSet<>();
        for (String w : wanted) {
            if (w.equals("*")) {
                config.sources().forEach(s -> out.add(s.name()));
            } else if (config.source(w).isPresent()) {
                out.add(w);
            } else {
                List<String> tagged = config.sources().stream().filter(s -> s.tags().contains(w))
                        .map(SourceConfig::name).toList();
                if (tagged.isEmpty()) {
                    y.problem(path + ".sources", m.get("sources"), "'" + w + "' is neither a source nor a tag in "
                            + config.file().getFileName());
                }
                out.addAll(tagged);
            }
        }
        return List.copyOf(out);
    }

    private static void onlyFor(YamlNodes y, String path, Map<String, Node> m, String key, JobAction action,
            JobAction allowed) {
        if (m.containsKey(key) && action != null && action != allowed) {
            y.problem(path + "." + key, m.get(key), "'" + key + "' applies only to " + allowed.label() + " jobs");
        }
    }

    private static String required(YamlNodes y, String path, Node node, Map<String, Node> m, String key) {
        if (!m.containsKey(key)) {
            y.problem(path, node, "missing '" + key + "'");
            return null;
        }
        return y.scalar(path + "." + key, m.get(key));
    }

    private static String optional(YamlNodes y, String path, Map<String, Node> m, String key) {
        return m.containsKey(key) ? y.scalar(path + "." + key, m.get(key)) : null;
    }

    private static int problemCount(YamlNodes y) {
        return y.problemCount();
    }
}
