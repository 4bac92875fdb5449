package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.Durations;
import dev.strata.core.fleet.FleetOptions;
import dev.strata.core.fleet.TargetWork;
import dev.strata.core.review.ReviewPolicy;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata fleet review}: the review each target's deploy would run, before deploying. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = {
      "Run on every target the review `strata fleet deploy` would run first, --parallel at once;"
          + " changes nothing. Each target is reviewed against its own live schema, so one that"
          + " drifted, or holds a table the others do not, shows what its deploy would meet.",
      "Exit 0 when no target's deploy would be stopped by a finding (--allow-hazards as deploy"
          + " takes it), 4 when one would, 1 when a target failed or was unreachable."
    })
final class FleetReviewCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Mixin FleetTargetsOptions fleet;

  @Mixin ReviewOptions reviewOptions;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description = "Observe with the lock_timeout the deploy will use (deploy --lock-timeout).")
  String lockTimeout;

  @Override
  public Integer call() {
    ReviewPolicy policy = reviewOptions.policy();
    if (policy.mode() == ReviewPolicy.Mode.OFF) {
      throw new StrataException(
          ExitCode.USAGE,
          "fleet review with --review off reviews nothing: use auto, full or static.");
    }
    var limit = Durations.parse("--lock-timeout", lockTimeout);
    List<String> targets = fleet.targets(console, common);
    var strata = common.strata(console).withMigrationsRead();
    FleetOptions options =
        new FleetOptions(fleet.parallel(), 0, Integer.MAX_VALUE, console.cancellation());
    return FleetOutput.run(
        console,
        targets,
        options,
        url -> TargetWork.review(url, () -> strata.forTarget(url), policy, limit),
        common.json,
        "review");
  }
}
