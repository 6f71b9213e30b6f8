package lifeboat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lifeboat.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** {@code lifeboat}: exit 0 done and healthy, 1 something failed or was found wrong, 2 usage or configuration error. */
@Command(name = "lifeboat", mixinStandardHelpOptions = true, version = "lifeboat 0.1.0",
        description = "Backs up school systems, proves the backups good, and restores them.")
public final class Main {
    /**
     * The commands, in the order help lists them. Only the one named on the command line is made into a picocli
     * model ({@link #commandLine}): the models of all of them, with their subcommands, options and mixins, took
     * about 0.15 s of every run.
     */
    private static final List<Class<?>> COMMANDS = List.of(InitCommand.class, CheckConfigCommand.class,
            BackupCommand.class, ListCommand.class, ShowCommand.class, VerifyCommand.class, RestoreCommand.class,
            CopyCommand.class, TrialRestoreCommand.class, LatestGoodCommand.class, CoverageCommand.class,
            DaemonCommand.class, ScheduleCommand.class, JobsCommand.class, RecoverCommand.class, FindCommand.class,
            NotifyCommand.class, NotificationsCommand.class, PruneCommand.class, CatalogCommand.class,
            BreakGlassCommand.class, IncidentCommand.class, PolicyCommand.class, WebCommand.class, UserCommand.class,
            AuditCommand.class, ReportCommand.class, CommandLine.HelpCommand.class);

    /** The {@code --config} given before or after the command name; one per process. */
    static Path configOption;
    /** The command being run ({@code backup}, {@code audit verify}): the actor of its audit entries. */
    static String commandName = "lifeboat";

    @picocli.CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Configuration file (default: $LIFEBOAT_CONFIG, else ./lifeboat.yaml).")
    void setConfig(Path file) {
        configOption = file;
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * The command line with the command {@code args} name (every command when they name none of them, or help:
     * then picocli lists them, or says which there are).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String name = commandIn(args);
        Class<?> named = null;
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (!command.name().equals("help") && (command.name().equals(name)
                    || Arrays.asList(command.aliases()).contains(name))) {
                named = c;
            }
        }
        if (named != null) {
            cl.addSubcommand(named);
        } else {
            COMMANDS.forEach(cl::addSubcommand);
        }
        return cl;
    }

    /** The first argument that is neither an option of {@code lifeboat} itself nor its value; null when none. */
    private static String commandIn(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-c") || a.equals("--config")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    public static int run(String... args) {
        configOption = null;
        commandName = "lifeboat";
        CommandLine cl = commandLine(args);
        cl.setExecutionStrategy(parsed -> {
            List<String> names = new ArrayList<>();
            for (ParseResult p = parsed.subcommand(); p != null; p = p.subcommand()) {
                names.add(p.commandSpec().name());
            }
            commandName = names.isEmpty() ? "lifeboat" : String.join(" ", names);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException ce) {
                ce.problems().forEach(p -> System.err.println("error: " + p));
                return USAGE;
            }
            if (ex instanceof IllegalArgumentException) {
                System.err.println("error: " + ex.getMessage());
                return USAGE;
            }
            System.err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("LIFEBOAT_DEBUG") != null) {
                ex.printStackTrace();
            }
            return FAILED;
        });
        return cl.execute(args);
    }
}
