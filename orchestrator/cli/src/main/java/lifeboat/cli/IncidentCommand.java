package lifeboat.cli;

import picocli.CommandLine.Command;

/** {@code lifeboat incident ...}: the school's crash policy as a workflow. */
@Command(name = "incident", mixinStandardHelpOptions = true, description = {"The school's crash policy as a workflow:"
        + " report an incident, tell IT, leadership and the school, recover, monitor, resolve and report.",
        "Works while the daemon runs (the catalog is shared)."},
        subcommands = {IncidentOpenCommand.class, IncidentUpdateCommand.class, IncidentRestartCommand.class,
                IncidentRecoverCommand.class, IncidentMonitorCommand.class,
                IncidentResolveCommand.class, IncidentReportCommand.class, IncidentActionCommand.class,
                IncidentListCommand.class, IncidentShowCommand.class})
final class IncidentCommand {
}
