package lifeboat.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lifeboat.core.config.JobDefinition;
import lifeboat.core.config.LifeboatConfig;
import lifeboat.core.config.ScheduleLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "schedule", mixinStandardHelpOptions = true, description = "The scheduled jobs of schedulesDir.",
        subcommands = ScheduleCommand.ListJobs.class)
final class ScheduleCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every scheduled job with its next fire times (from cron and time zone;"
            + " no daemon needed).")
    static final class ListJobs implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(names = "--count", defaultValue = "3", paramLabel = "N", description = "Fire times per job; default: ${DEFAULT-VALUE}")
        int count;

        @Override
        public Integer call() throws Exception {
            LifeboatConfig config = global.loadConfig();
            List<JobDefinition> jobs = ScheduleLoader.load(config);
            Instant now = Instant.now();
            List<Map<String, Object>> items = new ArrayList<>();
            for (JobDefinition j : jobs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", j.name());
                m.put("action", j.action().label());
                m.put("level", j.level());
                m.put("mode", j.mode());
                m.put("verify", j.verify());
                m.put("sources", j.sources());
                m.put("from", j.from());
                m.put("to", j.to());
                m.put("cron", j.cron());
                m.put("timezone", j.zone().getId());
                m.put("file", j.file());
                m.put("nextFireTimes", j.nextFireTimes(now, count));
                items.add(m);
            }
            if (global.json) {
                Output.json(items);
            } else if (items.isEmpty()) {
                System.out.println("no scheduled jobs in " + config.schedulesDir());
            } else {
                for (JobDefinition j : jobs) {
                    String what = switch (j.action()) {
                        case BACKUP -> j.level() + (j.verify() ? " + full verify" : "");
                        case VERIFY -> j.mode().label();
                        case COPY -> j.from() + " -> " + j.to();
                        default -> "";
                    };
                    System.out.printf("%-24s %-8s %-26s %-22s %s%n", j.name(), j.action().label(), what,
                            "\"" + j.cron() + "\"", j.zone());
                    System.out.println("    sources: " + String.join(", ", j.sources()));
                    j.nextFireTimes(now, count).forEach(t -> System.out.println("    next: " + t + "  ("
                            + t.atZone(j.zone()).toLocalDateTime() + " " + j.zone() + ")"));
                }
            }
            return Main.OK;
        }
    }
}
