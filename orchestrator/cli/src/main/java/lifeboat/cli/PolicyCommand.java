package lifeboat.cli;

import picocli.CommandLine.Command;

/** {@code lifeboat policy ...}: the crash policy's own review cycle. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "The school's crash policy: its review"
        + " cycle (policy.reviewEvery, policy.lastReviewed).", subcommands = PolicyReviewCommand.class)
final class PolicyCommand {
}
