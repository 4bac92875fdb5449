package dev.strata.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code strata fleet}: the same migrations on many databases at once. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    subcommands = {FleetDeployCommand.class, FleetStatusCommand.class, FleetReviewCommand.class},
    description = {
      "Deploy, review or report on many databases at once: one per tenant, shard or region.",
      "Targets come from --targets FILE (one URL per line), --targets-sql QUERY or --schemas"
          + " PATTERN (the schemas of one database). Each target keeps its"
          + " own lock and history: a failed or unreachable one never stops the others mid-way, and"
          + " running the fleet again touches only what is left."
    })
final class FleetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: `strata fleet deploy`, `strata fleet status` or `strata fleet review`.");
  }
}
