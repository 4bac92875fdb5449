package dev.strata.cli;

import dev.strata.core.fleet.FleetOptions;
import dev.strata.core.fleet.TargetWork;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata fleet status}: where every target stands. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Report every target's pending, failed, modified and missing migrations, --parallel at"
          + " once; changes nothing.",
      "Exit 0 when every target is up to date, 3 when some have pending migrations, 4 when one"
          + " needs attention (or drifted, with --drift), 1 when one was unreachable."
    })
final class FleetStatusCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Mixin FleetTargetsOptions fleet;

  @Option(
      names = "--drift",
      description =
          "Also compare each target's live schema with what its migrations build (a shadow"
              + " database per target: slower).")
  boolean drift;

  @Override
  public Integer call() {
    List<String> targets = fleet.targets(console, common);
    var strata = common.strata(console).withMigrationsRead();
    FleetOptions options =
        new FleetOptions(fleet.parallel(), 0, Integer.MAX_VALUE, console.cancellation());
    return FleetOutput.run(
        console,
        targets,
        options,
        url -> TargetWork.status(url, () -> strata.forTarget(url), drift),
        common.json,
        "status");
  }
}
