package dev.strata.cli;

import dev.strata.core.config.Durations;
import dev.strata.core.dialect.LockHolder;
import dev.strata.core.execute.DeployListener;
import dev.strata.core.execute.DeployResult;
import dev.strata.core.execute.ScriptPlan;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata deploy}: apply pending migrations in order. Never prompts. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Apply every pending migration in order, holding the deploy lock.",
      "Each migration runs in its own transaction (or statement by statement, each statement"
          + " once, when it cannot run in one). Never prompts: safe for automation. Refuses while"
          + " a migration is failed, modified or missing."
    })
final class DeployCommand extends ConsoleCommand {
  @Mixin CommonOptions common;

  @Mixin ReviewOptions reviewOptions;

  @Option(
      names = "--atomic",
      description =
          "Apply the whole batch in one transaction: all or nothing. Refused, before anything runs,"
              + " when a migration cannot share a transaction.")
  boolean atomic;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "Wait this long for another deployer to finish, then exit 5 (default: ${DEFAULT-VALUE}).")
  int lockWaitSeconds;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description =
          "Give up a statement that waits longer than this for a lock (PostgreSQL lock_timeout),"
              + " e.g. 5s, 500ms. A waiting migration blocks every query queued behind it.")
  String lockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "DURATION",
      description =
          "Give up a statement that runs longer than this (PostgreSQL statement_timeout).")
  String statementTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Run a migration whose lock wait timed out up to N more times (its transaction rolled back,"
              + " so each try starts clean).")
  int retries;

  @Option(
      names = "--terminate-orphan",
      description =
          "If the deploy lock is held by a session whose deployer process is gone (killed on this"
              + " host), end that session instead of waiting for its statement to finish.")
  boolean terminateOrphan;

  @Override
  public Integer call() {
    var strata = common.strata(console, Duration.ofSeconds(lockWaitSeconds));
    Progress progress = new Progress();
    dev.strata.core.review.ReviewReport[] reviewed = {null};
    DeployResult result;
    try {
      result =
          strata.deploy(
              new dev.strata.core.execute.DeployOptions(
                      atomic,
                      Duration.ofSeconds(lockWaitSeconds),
                      new dev.strata.core.execute.RunLimits(
                          Durations.parse("--lock-timeout", lockTimeout),
                          Durations.parse("--statement-timeout", statementTimeout),
                          Math.max(0, retries)))
                  .withCancellation(console.cancellation())
                  .withTerminateOrphan(terminateOrphan),
              reviewOptions.policy(),
              review -> {
                reviewed[0] = review;
                ReviewText.brief(console, review);
              },
              progress);
    } finally {
      progress.endLine();
    }
    if (common.json) {
      Json.write(
          console.out(),
          g -> {
            g.writeStartObject();
            g.writeStringField("database", result.database());
            g.writeBooleanField("upToDate", true);
            g.writeArrayFieldStart("applied");
            for (DeployResult.Applied a : result.applied()) {
              g.writeStartObject();
              g.writeStringField("name", a.name());
              g.writeNumberField("durationMs", a.took().toMillis());
              g.writeBooleanField("transactional", a.transactional());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : result.warnings()) g.writeString(w);
            g.writeEndArray();
            if (reviewed[0] != null) {
              g.writeFieldName("review");
              ReviewJson.write(g, reviewed[0]);
            }
            g.writeEndObject();
          });
    } else {
      result.warnings().forEach(console::warn);
      if (result.applied().isEmpty()) {
        console.out().println("No pending migrations to apply. Database schema is up to date.");
      } else {
        console
            .out()
            .println(
                "Applied "
                    + result.applied().size()
                    + " migration"
                    + (result.applied().size() == 1 ? "" : "s")
                    + " to "
                    + result.database()
                    + ".");
        console.out().println("All migrations have been successfully applied.");
      }
    }
    console.out().flush();
    return 0;
  }

  /**
   * Prints each migration as it goes, one line each ("Applying NAME ... done (12 ms)"), to stderr
   * so that --json output stays clean. A failure message starts on a fresh line.
   */
  private final class Progress implements DeployListener {
    /** From this many migrations on, a terminal shows one bar instead of a line each. */
    private static final int BAR_FROM = 10;

    private boolean lineOpen;
    private me.tongfei.progressbar.ProgressBar bar;

    /**
     * A bar (count, current migration, elapsed, estimate) on a terminal for many migrations; a line
     * each otherwise, and always in CI logs and pipes. STRATA_PROGRESS=bar or lines chooses.
     */
    @Override
    public void applying(java.util.List<ScriptPlan> plans) {
      String choice = console.environment().getOrDefault("STRATA_PROGRESS", "");
      boolean terminal = System.console() != null && console.environment().get("CI") == null;
      boolean wanted =
          choice.equals("bar") || !choice.equals("lines") && terminal && plans.size() >= BAR_FROM;
      if (!wanted || plans.size() < 2) return;
      bar =
          new me.tongfei.progressbar.ProgressBarBuilder()
              .setTaskName("Applying")
              .setInitialMax(plans.size())
              .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
              .setUnit(" migrations", 1)
              .continuousUpdate()
              .build();
    }

    private void closeBar() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }

    @Override
    public void waitingForLock(LockHolder holder, Duration waited) {
      console.progress(
          "Waiting for the deploy lock, held by "
              + holder.describe()
              + " ("
              + waited.toSeconds()
              + " s of "
              + lockWaitSeconds
              + " s)"
              + (holder.orphaned()
                  ? ": the server ends that session when its statement ends; pass"
                      + " --terminate-orphan to end it now"
                  : "")
              + "...");
    }

    @Override
    public void terminatedOrphan(LockHolder holder) {
      console.progress(
          "Ended " + holder.describe() + "; the server rolled back what it was running.");
    }

    @Override
    public void starting(ScriptPlan plan, int resumeFromStep) {
      if (bar != null) {
        bar.setExtraMessage(" " + plan.migration().name());
        return;
      }
      String how =
          plan.transactional()
              ? ""
              : resumeFromStep > 0
                  ? " (resuming after step " + resumeFromStep + " of " + plan.size() + ")"
                  : " (statement by statement: " + plan.stepwiseReasons().get(0) + ")";
      console.err().print("Applying " + plan.migration().name() + how + " ... ");
      console.err().flush();
      lineOpen = true;
    }

    @Override
    public void applied(ScriptPlan plan, Duration took) {
      if (bar != null) {
        bar.step();
        if (bar.getCurrent() == bar.getMax()) closeBar();
        return;
      }
      console.err().println(took.isZero() ? "done" : "done (" + took.toMillis() + " ms)");
      console.err().flush();
      lineOpen = false;
    }

    @Override
    public void startingAtomically(java.util.List<ScriptPlan> plans) {
      for (ScriptPlan plan : plans) console.progress("  " + plan.migration().name());
      console
          .err()
          .print(
              "Applying these " + plans.size() + " migrations in one transaction (--atomic) ... ");
      console.err().flush();
      lineOpen = true;
    }

    @Override
    public void appliedAtomically(java.util.List<ScriptPlan> plans, Duration took) {
      console.err().println("done (" + took.toMillis() + " ms)");
      console.err().flush();
      lineOpen = false;
    }

    @Override
    public void retrying(ScriptPlan plan, int attempt, int attempts, String reason) {
      endLine();
      console.progress(
          "  "
              + reason
              + "; trying "
              + plan.migration().name()
              + " again ("
              + attempt
              + " of "
              + attempts
              + ")");
    }

    @Override
    public void note(ScriptPlan plan, String text) {
      endLine();
      console.progress("  " + plan.migration().name() + ": " + text);
    }

    void endLine() {
      closeBar(); // a note or a failure is printed in full, under the bar as it stood
      if (lineOpen) console.err().println();
      lineOpen = false;
    }
  }
}
