package dev.strata.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata resolve}: settle a failed migration, as Prisma's {@code migrate resolve}. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = {
      "Mark a failed migration as rolled back (the next deploy runs it again) or as applied (you completed",
      "it by hand). --applied also baselines a migration that was never run here."
    })
final class ResolveCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(
        names = "--applied",
        paramLabel = "NAME",
        description = "Record NAME as applied without running it.")
    String applied;

    @Option(
        names = "--rolled-back",
        paramLabel = "NAME",
        description = "Record the failed NAME as rolled back.")
    String rolledBack;
  }

  @Override
  public Integer call() {
    var strata = common.strata(console);
    String name;
    String outcome;
    if (target.applied != null) {
      name = target.applied;
      strata.resolveApplied(name);
      outcome = "applied";
    } else {
      name = target.rolledBack;
      strata.resolveRolledBack(name);
      outcome = "rolled_back";
    }
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("migration", name);
            g.writeStringField("state", outcome);
            g.writeEndObject();
          });
    } else {
      console
          .out()
          .println(
              outcome.equals("applied")
                  ? "Migration " + name + " marked as applied."
                  : "Migration "
                      + name
                      + " marked as rolled back; the next deploy applies it again.");
    }
    console.out().flush();
    return 0;
  }
}
