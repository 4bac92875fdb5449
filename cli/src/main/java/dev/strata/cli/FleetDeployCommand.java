package dev.strata.cli;

import dev.strata.core.ExitCode;
import dev.strata.core.StrataException;
import dev.strata.core.config.Durations;
import dev.strata.core.execute.DeployOptions;
import dev.strata.core.execute.RunLimits;
import dev.strata.core.fleet.FleetOptions;
import dev.strata.core.fleet.TargetWork;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata fleet deploy}: apply pending migrations to every target. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the pending migrations to every target, --parallel at once, each reviewed and"
          + " deployed as `strata deploy` does.",
      "--canary K deploys K targets first and stops if one fails. No new target starts once more"
          + " than --max-failures have failed (default 0: the first failure stops new starts);"
          + " --continue-on-error goes on. Exit 0 when every target is up to date, else 1."
    })
final class FleetDeployCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Mixin FleetTargetsOptions fleet;

  @Mixin ReviewOptions reviewOptions;

  @Option(
      names = "--canary",
      paramLabel = "K",
      defaultValue = "0",
      description = "Deploy these many targets first; if one fails, start no other.")
  int canary;

  @Option(
      names = "--max-failures",
      paramLabel = "N|P%",
      defaultValue = "0",
      description =
          "Start no new target once more than N targets (or P%% of them) have failed or were"
              + " unreachable (default: ${DEFAULT-VALUE}).")
  String maxFailures;

  @Option(
      names = "--continue-on-error",
      description = "Deploy every target whatever fails (no limit on failures).")
  boolean continueOnError;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Per target: wait this long for another deployer (default: ${DEFAULT-VALUE}).")
  int lockWaitSeconds;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description = "Per statement: give up a lock wait longer than this, e.g. 5s.")
  String lockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "DURATION",
      description = "Per statement: give up one that runs longer than this.")
  String statementTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description = "Run a migration whose lock wait timed out up to N more times.")
  int retries;

  @Override
  public Integer call() {
    if (continueOnError && !maxFailures.equals("0")) {
      throw new StrataException(
          ExitCode.USAGE, "--continue-on-error and --max-failures contradict: give one.");
    }
    List<String> targets = fleet.targets(console, common);
    Duration lockWait = Duration.ofSeconds(lockWaitSeconds);
    var strata = common.strata(console, lockWait).withMigrationsRead();
    DeployOptions deploy =
        new DeployOptions(
                false,
                lockWait,
                new RunLimits(
                    Durations.parse("--lock-timeout", lockTimeout),
                    Durations.parse("--statement-timeout", statementTimeout),
                    Math.max(0, retries)))
            .withCancellation(console.cancellation());
    var policy = reviewOptions.policy();
    FleetOptions options =
        new FleetOptions(
            fleet.parallel(),
            canary,
            continueOnError
                ? Integer.MAX_VALUE
                : FleetOptions.maxFailures(maxFailures, targets.size()),
            console.cancellation());
    return FleetOutput.run(
        console,
        targets,
        options,
        url -> TargetWork.deploy(url, () -> strata.forTarget(url), deploy, policy),
        common.json,
        "deploy");
  }
}
