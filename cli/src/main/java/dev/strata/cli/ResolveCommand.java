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
      "Settle a failed or interrupted migration in the history.",
      "--rolled-back marks it rolled back (the next deploy runs it again); --applied marks it"
          + " applied (you completed it by hand), and also baselines a migration that was never"
          + " run here.",
      "For a migration that runs statement by statement: --resume continues it after its"
          + " applied statements; --step-done and --step-not-done settle a statement that was"
          + " running outside a transaction when its deployer died."
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

    @Option(
        names = "--resume",
        paramLabel = "NAME",
        description =
            "Clear the failure of NAME, which ran statement by statement: the next deploy continues"
                + " after the statements it applied.")
    String resume;

    @Option(
        names = "--step-done",
        paramLabel = "NAME",
        description =
            "The statement of the interrupted NAME that ran outside a transaction did complete:"
                + " record it, so the next deploy goes on after it.")
    String stepDone;

    @Option(
        names = "--step-not-done",
        paramLabel = "NAME",
        description =
            "The statement of the interrupted NAME that ran outside a transaction did not"
                + " complete: the next deploy runs it again.")
    String stepNotDone;
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
    } else if (target.rolledBack != null) {
      name = target.rolledBack;
      strata.resolveRolledBack(name);
      outcome = "rolled_back";
    } else if (target.resume != null) {
      name = target.resume;
      strata.resolveResume(name);
      outcome = "resumable";
    } else {
      boolean done = target.stepDone != null;
      name = done ? target.stepDone : target.stepNotDone;
      strata.resolveInFlight(name, done);
      outcome = done ? "step_done" : "step_not_done";
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
              switch (outcome) {
                case "applied" -> "Migration " + name + " marked as applied.";
                case "rolled_back" ->
                    "Migration "
                        + name
                        + " marked as rolled back; the next deploy applies it again.";
                case "resumable" ->
                    "Migration "
                        + name
                        + "'s failure cleared; the next deploy continues after its applied"
                        + " statements.";
                case "step_done" ->
                    "Migration "
                        + name
                        + ": the statement in flight is recorded as completed; the next deploy goes"
                        + " on after it.";
                default ->
                    "Migration "
                        + name
                        + ": the statement in flight is recorded as not completed; the next deploy"
                        + " runs it again.";
              });
    }
    console.out().flush();
    return 0;
  }
}
