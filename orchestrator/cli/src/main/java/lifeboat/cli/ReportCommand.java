package lifeboat.cli;

import picocli.CommandLine.Command;

/** {@code lifeboat report}: reports for auditors. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports for auditors.",
        subcommands = ReportBackupsCommand.class)
final class ReportCommand {
}
