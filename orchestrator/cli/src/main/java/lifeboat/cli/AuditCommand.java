package lifeboat.cli;

import picocli.CommandLine.Command;

/** {@code lifeboat audit}: the tamper-evident audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The tamper-evident audit log: verify it,"
        + " list it, checkpoint it to storage, show its public key.",
        subcommands = {AuditVerifyCommand.class, AuditLogCommand.class, AuditCheckpointCommand.class,
            AuditKeyCommand.class})
final class AuditCommand {
}
